//! The README's demo table names every demo person, by id and by name.
use super::DEMO_ACCOUNTS;

/// The ids the README's demo table names: `a` or a range `a-1` … `a-13`.
fn listed(table: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for line in table.lines() {
        let ticks: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
        let mut i = 0;
        while i < ticks.len() {
            let id = ticks[i];
            let ranged = line.contains(&format!("`{id}` … `"));
            match (ranged, ticks.get(i + 1)) {
                (true, Some(last)) => {
                    let (stem, a) = id.rsplit_once('-').unwrap_or((id, "0"));
                    let b = last.rsplit_once('-').map_or("0", |x| x.1);
                    let (a, b): (u32, u32) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
                    ids.extend((a..=b).map(|n| format!("{stem}-{n}")));
                    i += 2;
                }
                _ => {
                    ids.push(id.to_owned());
                    i += 1;
                }
            }
        }
    }
    ids
}

#[test]
fn the_readme_demo_table_lists_every_demo_person_by_id_and_name() {
    let readme = include_str!("../../../../README.md");
    let start = readme.find("### Demo sign-ins").expect("the demo section");
    let section = &readme[start..];
    let table = &section[..section[3..].find("\n### ").map_or(section.len(), |e| e + 3)];
    let ids = listed(table);
    for person in DEMO_ACCOUNTS {
        assert!(
            ids.iter().any(|i| i == person.id),
            "{} is not in the README table",
            person.id
        );
        assert!(
            table.contains(person.name),
            "{}'s name {} is not in the README table",
            person.id,
            person.name
        );
    }
}

/// A person's daily work in the README's walk-throughs needs a browser, not curl: the API's
/// examples stand only where the README speaks to integrations.
#[test]
fn the_readme_walks_need_no_curl() {
    let readme = include_str!("../../../../README.md");
    let integrations = readme
        .find("Integrations (")
        .expect("the integrations paragraph");
    let walks_end = readme.find("\n## Commands").expect("the commands section");
    for (n, line) in readme[..walks_end].lines().enumerate() {
        let offset: usize = readme[..walks_end]
            .lines()
            .take(n)
            .map(|l| l.len() + 1)
            .sum();
        let in_integrations =
            offset >= integrations && readme[integrations..offset].matches("```").count() < 2;
        assert!(
            !line.contains("curl") || in_integrations,
            "README line {} asks a person for curl: {line}",
            n + 1
        );
    }
}
