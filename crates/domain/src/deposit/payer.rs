//! Checks on who paid a deposit: the basic-account rule and the shared-payer signal.

use std::collections::{BTreeMap, BTreeSet};

use crate::deposit::{Cover, DepositError};

/// 条例 第26条 \[T\]: on a mandatory construction project a domestic bidder's cash or cheque
/// deposit comes from its basic account (基本账户). Only payments are checked; whether the
/// rule applies (mandatory project, domestic bidder) is the caller's to decide.
pub fn check_basic_account(cover: &Cover, basic_account: &str) -> Result<(), DepositError> {
    match cover {
        Cover::Paid {
            account, bank_ref, ..
        } if normalise(account) != normalise(basic_account) => Err(DepositError::NotBasicAccount {
            bank_ref: bank_ref.clone(),
            account: account.clone(),
            article: "条例 第26条",
        }),
        _ => Ok(()),
    }
}

/// Payer accounts that paid deposits for more than one bidder: evidence of deemed collusion
/// (条例 第40条(六) \[T\]), to flag, never to decide. Sorted by account.
pub fn shared_payer_accounts<K: Clone + Ord>(covers: &[(K, Cover)]) -> Vec<(String, Vec<K>)> {
    let mut by_account: BTreeMap<String, BTreeSet<K>> = BTreeMap::new();
    for (bidder, cover) in covers {
        if let Cover::Paid { account, .. } = cover {
            by_account
                .entry(normalise(account))
                .or_default()
                .insert(bidder.clone());
        }
    }
    by_account
        .into_iter()
        .filter(|(_, bidders)| bidders.len() > 1)
        .map(|(account, bidders)| (account, bidders.into_iter().collect()))
        .collect()
}

/// Account numbers are compared without spaces and dashes, as banks print them grouped.
fn normalise(account: &str) -> String {
    account
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}
