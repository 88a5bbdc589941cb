//! The write statement's text for a batch of a given shape, and the batch cut to fit it.

use std::collections::HashSet;

use store::event_columns;
use store::sql::codec::NewProjection;

/// PostgreSQL's limit on one statement's parameters.
pub(super) const MAX_PARAMS: usize = 65_535;

/// How many of `count` rows of `width` parameters fit in `room`, and the room left.
pub(super) fn fit(count: usize, width: usize, room: usize) -> (usize, usize) {
    let n = count.min(room / width);
    (n, room - n * width)
}

/// A write statement of this shape; parameters in the order `write_batch` binds them:
/// events, head, upserts, deletes, streams (whose versions it returns).
pub(super) fn write_sql(
    events: usize,
    head: bool,
    upserts: usize,
    deletes: usize,
    streams: usize,
) -> String {
    let mut n = 0;
    // `count` rows of `width` parameters each: `($1, $2), ($3, $4)`.
    let mut rows = |count: usize, width: usize| {
        let rows: Vec<String> = (0..count)
            .map(|_| {
                let row: Vec<String> = (0..width)
                    .map(|_| {
                        n += 1;
                        format!("${n}")
                    })
                    .collect();
                format!("({})", row.join(", "))
            })
            .collect();
        rows.join(", ")
    };
    let mut ctes = Vec::new();
    if events > 0 {
        ctes.push(format!(
            concat!(
                "new_events AS (INSERT INTO events (",
                event_columns!(),
                ") VALUES {})"
            ),
            rows(events, 11)
        ));
    }
    if head {
        ctes.push(format!(
            "new_head AS (UPDATE tree_head SET (size, root, frontier) = {} WHERE id = 1)",
            rows(1, 3)
        ));
    }
    if upserts > 0 {
        ctes.push(format!(
            "upserts AS (INSERT INTO projections (kind, key, doc) VALUES {} \
             ON CONFLICT (kind, key) DO UPDATE SET doc = excluded.doc)",
            rows(upserts, 3)
        ));
    }
    if deletes > 0 {
        ctes.push(format!(
            "deletes AS (DELETE FROM projections WHERE (kind, key) IN ({}))",
            rows(deletes, 2)
        ));
    }
    let versions: Vec<String> = (0..streams)
        .map(|_| {
            let stream = rows(1, 1);
            format!("(SELECT coalesce(max(version), 0) FROM events WHERE stream = {stream})")
        })
        .collect();
    format!(
        "WITH {} SELECT ARRAY[{}]::bigint[]",
        ctes.join(", "),
        versions.join(", ")
    )
}

pub(super) type Upsert<'a> = (&'a str, &'a str, &'a str);

/// The last write to each (kind, key), split into upserts and deletes.
pub(super) fn last_writes(projections: &[NewProjection]) -> (Vec<Upsert<'_>>, Vec<(&str, &str)>) {
    let mut seen = HashSet::new();
    let (mut upserts, mut deletes) = (Vec::new(), Vec::new());
    for p in projections.iter().rev() {
        let (kind, key) = (p.kind.as_str(), p.key.as_str());
        match p.doc.as_deref() {
            _ if !seen.insert((kind, key)) => {}
            Some(doc) => upserts.push((kind, key, doc)),
            None => deletes.push((kind, key)),
        }
    }
    (upserts, deletes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_event_one_upsert_one_stream() {
        assert_eq!(
            write_sql(1, true, 1, 0, 1),
            concat!(
                "WITH new_events AS (INSERT INTO events (",
                event_columns!(),
                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)), ",
                "new_head AS (UPDATE tree_head SET (size, root, frontier) = ($12, $13, $14) ",
                "WHERE id = 1), upserts AS (INSERT INTO projections (kind, key, doc) ",
                "VALUES ($15, $16, $17) ON CONFLICT (kind, key) DO UPDATE SET doc = excluded.doc) ",
                "SELECT ARRAY[(SELECT coalesce(max(version), 0) FROM events WHERE stream = ($18))]",
                "::bigint[]"
            )
        );
    }

    #[test]
    fn the_last_write_to_a_key_wins() {
        let write = |key: &str, doc: Option<&str>| NewProjection {
            kind: "k".into(),
            key: key.into(),
            doc: doc.map(str::to_owned),
        };
        let writes = [
            write("a", Some("1")),
            write("b", Some("2")),
            write("a", None),
            write("b", Some("3")),
        ];
        assert_eq!(
            last_writes(&writes),
            (vec![("k", "b", "3")], vec![("k", "a")])
        );
    }
}
