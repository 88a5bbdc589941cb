use serde_json::Value;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CanonicalError {
    /// Floats have no single canonical text; money is integer fen and scores are decimal strings.
    #[error("a float ({0}) cannot be part of a logged event: use integers or decimal strings")]
    Float(String),
    #[error("cannot encode event: {0}")]
    Encode(String),
}

/// Canonical JSON: object keys sorted by their UTF-8 bytes at every level, no insignificant
/// whitespace, integers only. The same value always gives the same bytes, whatever map order
/// serde_json was built with.
pub fn canonical_json(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = Vec::with_capacity(256);
    write_value(value, &mut out)?;
    Ok(out)
}

fn write_value(value: &Value, out: &mut Vec<u8>) -> Result<(), CanonicalError> {
    match value {
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => {
            return Err(CanonicalError::Float(n.to_string()));
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(item, out)?;
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_scalar(&Value::String(k.clone()), out)?;
                out.push(b':');
                write_value(v, out)?;
            }
            out.push(b'}');
        }
        scalar => write_scalar(scalar, out)?,
    }
    Ok(())
}

fn write_scalar(value: &Value, out: &mut Vec<u8>) -> Result<(), CanonicalError> {
    serde_json::to_writer(&mut *out, value).map_err(|e| CanonicalError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_at_every_level() {
        let v = json!({"b": 1, "a": {"d": [1, {"z": 0, "y": 1}], "c": null}});
        let bytes = canonical_json(&v).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            r#"{"a":{"c":null,"d":[1,{"y":1,"z":0}]},"b":1}"#
        );
    }

    #[test]
    fn floats_are_refused() {
        assert!(matches!(
            canonical_json(&json!({"price": 1.5})),
            Err(CanonicalError::Float(_))
        ));
    }

    #[test]
    fn strings_are_escaped_once() {
        let bytes = canonical_json(&json!({"t": "招标\"x\n"})).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "{\"t\":\"招标\\\"x\\n\"}"
        );
    }
}
