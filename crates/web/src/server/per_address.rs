//! Open connections counted per client address, so that one address cannot hold every
//! connection the server allows. Addresses are grouped as the sign-in limits group them
//! ([`app::address_group`]: an IPv6 /64 counts as one).
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

/// The unit the cap counts (see [`app::address_group`]).
pub fn group(ip: IpAddr) -> String {
    app::address_group(&ip.to_string())
}

/// How many connections each address holds now.
pub struct PerAddress {
    max: usize,
    open: Mutex<HashMap<String, usize>>,
}

/// One counted connection; the count drops when it does.
pub struct Slot {
    owner: Arc<PerAddress>,
    key: String,
}

impl PerAddress {
    pub fn new(max: usize) -> Arc<PerAddress> {
        Arc::new(PerAddress {
            max,
            open: Mutex::new(HashMap::new()),
        })
    }

    /// A slot for one more connection from `ip`, or `None` if the address is at its limit.
    pub fn enter(self: &Arc<Self>, ip: IpAddr) -> Option<Slot> {
        let key = group(ip);
        let mut open = self.lock();
        let n = open.entry(key.clone()).or_insert(0);
        if *n >= self.max {
            return None;
        }
        *n += 1;
        Some(Slot {
            owner: self.clone(),
            key,
        })
    }

    /// Connections `ip`'s address holds now.
    pub fn open(&self, ip: IpAddr) -> usize {
        self.lock().get(&group(ip)).copied().unwrap_or(0)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, usize>> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.owner.lock();
        if let Some(n) = open.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_limit_and_slots_come_back() {
        let limit = PerAddress::new(2);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let one = limit.enter(a).unwrap();
        let _two = limit.enter(a).unwrap();
        assert!(limit.enter(a).is_none(), "the third from one address waits");
        assert!(limit.enter(b).is_some(), "another address is not affected");
        drop(one);
        assert!(limit.enter(a).is_some());
        assert_eq!(limit.open(b), 0, "a dropped slot is forgotten");
    }

    #[test]
    fn ipv6_counts_per_64_and_mapped_ipv4_as_ipv4() {
        let limit = PerAddress::new(1);
        let _x = limit.enter("2001:db8:1:2::1".parse().unwrap()).unwrap();
        assert!(limit.enter("2001:db8:1:2::ffff".parse().unwrap()).is_none());
        assert!(limit.enter("2001:db8:1:3::1".parse().unwrap()).is_some());
        let _y = limit.enter("198.51.100.7".parse().unwrap()).unwrap();
        assert!(
            limit
                .enter("::ffff:198.51.100.7".parse().unwrap())
                .is_none()
        );
    }
}
