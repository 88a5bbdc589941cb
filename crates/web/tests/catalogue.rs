//! Every error code the platform can answer with has a message in every language. The
//! domain's and the evaluation engine's codes come from their refusal tables (`CODES`,
//! generated with the variants' classes, so a new variant is listed here by itself); the
//! codes the app, the seal and the web layer decide themselves are read from their sources,
//! so a new one without a message fails here too.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use web::i18n::Lang;

fn domain_codes() -> Vec<&'static str> {
    use domain::experts::{DrawError, DrawStateError, ExpertFileError, PoolImportError};
    use domain::experts::{RequestError, VerifyError};
    let tables: [&[&str]; 18] = [
        domain::TradeError::CODES,
        domain::RoomError::CODES,
        domain::eval_room::EvalRoomError::CODES,
        domain::scoring::ScoringError::CODES,
        domain::AccountError::CODES,
        domain::Denied::CODES,
        domain::center::CenterError::CODES,
        domain::deposit::DepositError::CODES,
        RequestError::CODES,
        DrawError::CODES,
        VerifyError::CODES,
        DrawStateError::CODES,
        ExpertFileError::CODES,
        PoolImportError::CODES,
        domain::outbox::MessageError::CODES,
        evaluation::challenge::ChallengeError::CODES,
        evaluation::EvalError::CODES,
        expert_import::CODES,
    ];
    tables.into_iter().flatten().copied().collect()
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literal at the start of `rest` (after blanks and an optional `Class::Name,`),
/// if it reads like a code: `area.name` or a bare `snake_case` word.
fn code_at(rest: &str) -> Option<&str> {
    let mut rest = rest.trim_start();
    rest = rest.strip_prefix("domain::").unwrap_or(rest);
    if let Some(after) = rest.strip_prefix("Class::") {
        let comma = after.find(',')?;
        rest = after[comma + 1..].trim_start();
    }
    let literal = rest.strip_prefix('"')?;
    let code = &literal[..literal.find('"')?];
    let shaped = !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.');
    shaped.then_some(code)
}

/// Codes written out where a refusal or an error is made outside the refusal tables.
fn written_codes() -> BTreeSet<String> {
    const MAKERS: [&str; 12] = [
        "AppError::rule(",
        "Refusal::rule(",
        "Refusal::forbidden(",
        "Refusal::new(",
        "ApiError::new(",
        "PageError::new(",
        "refusal(&t,",
        "refused(",
        "refused_body(e.status(),",
        "code: ",
        "(Class::",
        "=> \"",
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["app/src", "web/src", "seal/src"] {
        sources(&root.join(dir), &mut files);
    }
    let mut codes = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // `=> "…"` arms are codes only in the seal's error table.
        let seal = file.ends_with("seal/src/error.rs");
        for maker in MAKERS {
            if maker == "=> \"" && !seal {
                continue;
            }
            // Where the code (or its class) starts after the maker.
            let start = match maker {
                "=> \"" => 3,
                "(Class::" => 1,
                _ => maker.len(),
            };
            for (at, _) in text.match_indices(maker) {
                if let Some(code) = code_at(&text[at + start..]) {
                    codes.insert(code.to_owned());
                }
            }
        }
    }
    codes
}

#[test]
fn every_error_code_has_a_message_in_every_language() {
    let mut codes: BTreeSet<String> = domain_codes().into_iter().map(str::to_owned).collect();
    let tables = codes.len();
    let written = written_codes();
    // The scan finds what it should: codes of the app, the seal and the web layer.
    for known in [
        "auth.bad_credentials",
        "draw.cancelled",
        "seal.not_sealed",
        "auth.csrf",
        "bad_form",
        "invalid_request.not_json",
    ] {
        assert!(written.contains(known), "the scan missed {known}");
    }
    codes.extend(written);
    codes.insert("import.invalid".to_owned());
    assert!(tables > 250, "only {tables} codes in the refusal tables");
    let mut missing = Vec::new();
    for lang in [Lang::ZhCn, Lang::En] {
        for code in &codes {
            if lang.get(&format!("error.{code}")).is_none() {
                missing.push(format!("{}: error.{code}", lang.tag()));
            }
        }
    }
    assert!(missing.is_empty(), "no message for {missing:#?}");
}

#[test]
fn each_table_lists_each_code_once() {
    let codes = domain_codes();
    let unique: BTreeSet<&str> = codes.iter().copied().collect();
    let repeated: Vec<&str> = unique
        .into_iter()
        .filter(|c| codes.iter().filter(|d| *d == c).count() > 1)
        .collect();
    // `expert.wrong_role` is both the file's and the import stream's refusal: one meaning.
    assert_eq!(repeated, ["expert.wrong_role"], "codes listed twice");
}
