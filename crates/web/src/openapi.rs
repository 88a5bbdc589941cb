//! The OpenAPI 3.1 document, generated from the handlers' annotations and served at
//! `/api/openapi.json`. A test keeps `crates/web/openapi.json` (the published copy) equal
//! to what the code generates.
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, KnownFormat, SchemaFormat};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, Schema};
use utoipa::{Modify, OpenApi};

use crate::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    modifiers(&ExtractorResponses, &StrictValues),
    info(
        title = "Sunbid API",
        description = "Public resource trading on a verifiable log. Errors share one shape: \
            `{\"error\": {\"code\", \"message\", \"detail\"?, \"retry_after\"?}}`; `message` is in the \
            caller's language (`?lang=`, the `lang` cookie or `Accept-Language`; zh-CN by default).",
        license(name = "Apache-2.0")
    ),
    paths(
        crate::health,
        crate::api_trades::list,
        crate::api_trades::one,
        crate::api_trades::timeline,
        crate::api_log::checkpoint,
        crate::api_log::key,
        crate::api_log::inclusion,
        crate::api_log::consistency,
        crate::api_commands::run,
        crate::api_commands::log,
        crate::api_live::live,
        crate::api_challenges::view,
        crate::api_challenges::file,
        crate::api_challenges::reply,
        crate::api_challenges::complain,
        crate::api_challenges::handle,
        crate::api_challenges::award,
        crate::api_challenges::issue_notice,
        crate::api_challenges::notice,
        crate::api_rooms::view,
        crate::api_rooms::challenge,
        crate::api_rooms::live,
        crate::api_rooms::open,
        crate::api_rooms::join,
        crate::api_rooms::leave,
        crate::api_rooms::close,
        crate::api_rooms::post,
        crate::api_rooms::clarify,
        crate::api_rooms::answer,
        crate::api_scoring::view,
        crate::api_scoring::challenge,
        crate::api_scoring::configure,
        crate::api_scoring::sheet,
        crate::api_scoring::revise,
        crate::api_scoring::reasons,
        crate::api_scoring::sign,
        crate::api_scoring::record,
        crate::api_session::sign_in,
        crate::api_session::current,
        crate::api_session::sign_out,
        crate::api_session::challenge,
        crate::api_session::sign_in_key,
        crate::api_bids::submit,
        crate::api_bids::withdraw,
        crate::api_bids::opening_key,
        crate::api_bids::opening,
        crate::api_bids::share,
        crate::api_bids::record,
        crate::api_deposits::terms,
        crate::api_deposits::account,
        crate::api_deposits::bank_notice,
        crate::api_deposits::guarantee,
        crate::api_deposits::exemption,
        crate::api_deposits::table,
        crate::api_deposits::refunds_due,
        crate::api_deposits::refund,
        crate::api_deposits::overdue,
        crate::api_draws::view,
        crate::api_draws::draw,
        crate::api_draws::answer,
        crate::api_draws::step,
        crate::api_draws::published,
        crate::api_draws::messages,
        crate::api_draws::invitations,
        crate::api_draws::rate,
        crate::api_evaluate::evaluate,
        crate::api_experts::list,
        crate::api_experts::import,
        crate::api_experts::template,
        crate::api_experts::me,
        crate::api_experts::declare,
        crate::api_experts::conduct,
    ),
    components(schemas(ErrorBody, ErrorEnvelope, crate::api_session::PasswordSignIn, crate::api_session::KeySignIn, crate::api_session::SessionView, crate::api_commands::CommandRequest, crate::api_bids::WithdrawRequest, crate::api_challenges::FilingRequest, crate::api_challenges::ChallengeText, crate::api_challenges::HandlingRequest, crate::api_challenges::AwardRequest, crate::api_rooms::JoinRequest, crate::api_rooms::TextRequest, crate::api_rooms::ClarificationRequest, crate::api_scoring::SheetRequest, crate::api_scoring::ReviseRequest, crate::api_scoring::ReasonRequest, crate::api_scoring::SignRequest, crate::api_bids::ShareRequest, crate::api_deposits::SignedNotice, crate::api_deposits::SignedGuarantee, crate::api_deposits::RefundsDue, crate::api_deposits::Refund, crate::api_draws::Answer, crate::api_draws::RatingBody, crate::api_experts::Declaration, crate::api_experts::ConductBody)),
    tags(
        (name = "trades", description = "Trades as the public sees them"),
        (name = "evaluation", description = "Recompute an evaluation from its inputs (the review tool)"),
        (name = "experts", description = "The expert pool: import, declarations, conduct"),
        (name = "draws", description = "The expert draw: request, invitations, reveal, the published re-check"),
        (name = "deposits", description = "Bid deposits: terms, sub-accounts, bank notices, guarantees, refunds"),
        (name = "bids", description = "Sealed bids, receipts and the remote opening"),
        (name = "challenges", description = "Publicity, objections and challenges, complaints to the supervisor, the notice of award"),
        (name = "rooms", description = "Remote evaluation rooms: attendance, posts, clarifications to bidders"),
        (name = "scoring", description = "Distributed scoring: sealed sheets, recheck, outlier reasons, the signed report"),
        (name = "log", description = "Checkpoints and proofs of the tamper-evident log"),
        (name = "session", description = "Sign-in (password or key challenge) and sessions"),
        (name = "health", description = "Liveness")
    )
)]
pub struct ApiDoc;

/// The statuses the extractors answer on every route that uses them, documented here once
/// rather than on each handler (so none can be forgotten): a malformed trade id in the path
/// is 400 ([`crate::extract::TradePath`]); a JSON body is 400 when malformed, 413 when too
/// large and 415 when not JSON ([`crate::extract::JsonBody`]); any body may be 413; a route
/// for the signed-in (one that documents 401) may also answer 403: the CSRF check of a cookie
/// write, or the access matrix; a signed-in write may answer 409 (another write reached the
/// same stream first). A route about one trade may answer 404 (no such trade, or one not
/// announced yet that the caller may not see).
struct ExtractorResponses;

impl Modify for ExtractorResponses {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        for (path, item) in doc.paths.paths.iter_mut() {
            let ops = [
                (false, &mut item.get),
                (true, &mut item.put),
                (true, &mut item.post),
                (true, &mut item.delete),
            ];
            for (write, op) in ops {
                let Some(op) = op else { continue };
                let signed_in = op.responses.responses.contains_key("401");
                let trade_id = op.parameters.iter().flatten().any(|p| {
                    matches!(p, RefOr::T(p) if p.name == "id"
                        && p.parameter_in == ParameterIn::Path
                        && p.description.as_deref().is_some_and(|d| d.starts_with("trade id")))
                });
                let (body, json) = match &op.request_body {
                    Some(RefOr::T(b)) => (true, b.content.contains_key("application/json")),
                    _ => (false, false),
                };
                if trade_id {
                    error(op, "400", "malformed trade id (`invalid_request`)");
                    error(op, "404", "no such trade, or not one the caller may see");
                }
                if json {
                    error(op, "400", "malformed body (`invalid_request.*`)");
                    error(
                        op,
                        "415",
                        "not `application/json` (`invalid_request.content_type`)",
                    );
                }
                if body {
                    error(op, "413", "body too large (`payload_too_large`)");
                }
                if op.responses.responses.contains_key("401") {
                    error(
                        op,
                        "403",
                        "missing or wrong CSRF token, or refused (`access.*`)",
                    );
                }
                // A signed-in write appends to a stream at the version it read: a write that
                // got there first makes it a 409 (read again, retry).
                if write && signed_in && !path.starts_with("/api/session") {
                    error(
                        op,
                        "409",
                        "another write changed the record first (`conflict.*`)",
                    );
                }
            }
        }
    }
}

/// JSON Schema 2020-12 takes `format` as a note, not a rule, so a client or a generator may
/// send `""` for a date: every date and instant also gets the pattern the server parses
/// (`YYYY-MM-DD`; RFC 3339 with its offset). Integers get the bounds of their format,
/// variants of externally tagged enums are closed, and tuples hold exactly their items.
struct StrictValues;

impl Modify for StrictValues {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        for (name, schema) in doc.components.iter_mut().flat_map(|c| c.schemas.iter_mut()) {
            time_patterns(schema);
            if CLOSED_TAGGED_ENUMS.contains(&name.as_str()) {
                close_variants(schema);
            }
        }
        // Path and query parameters and inline bodies are not components: the same rules.
        for item in doc.paths.paths.values_mut() {
            let ops = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
            ];
            for op in ops.into_iter().flatten() {
                for p in op.parameters.iter_mut().flatten() {
                    if let RefOr::T(p) = p {
                        p.schema.iter_mut().for_each(time_patterns);
                    }
                }
                if let Some(RefOr::T(body)) = &mut op.request_body {
                    for content in body.content.values_mut() {
                        if let RefOr::T(c) = content {
                            c.schema.iter_mut().for_each(time_patterns);
                        }
                    }
                }
            }
        }
    }
}

fn time_patterns(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::OneOf(x) => {
            for item in &mut x.items {
                close_tagged_variant(item);
                time_patterns(item);
            }
        }
        Schema::Object(o) => {
            integer_bounds(o);
            let pattern = match &o.format {
                Some(SchemaFormat::KnownFormat(KnownFormat::Date)) => Some(DATE_PATTERN),
                Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)) => Some(INSTANT_PATTERN),
                _ => None,
            };
            if o.pattern.is_none() {
                o.pattern = pattern.map(str::to_owned);
            }
            o.properties.values_mut().for_each(time_patterns);
            if let Some(extra) = o.additional_properties.as_deref_mut()
                && let AdditionalProperties::RefOr(s) = extra
            {
                time_patterns(s);
            }
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                time_patterns(items);
            }
            // A tuple has exactly its items (`prefixItems` alone would also admit `[]`).
            if matches!(a.items, ArrayItems::False) && !a.prefix_items.is_empty() {
                a.min_items = Some(a.prefix_items.len());
                a.max_items = Some(a.prefix_items.len());
            }
        }
        Schema::AllOf(x) => x.items.iter_mut().for_each(time_patterns),
        Schema::AnyOf(x) => x.items.iter_mut().for_each(time_patterns),
        _ => {}
    }
}

/// An integer's format bounds it (a `u8` field is 0..=255), stated as `minimum`/`maximum` so
/// that a client (or a generator) that knows nothing of the format stays within them.
fn integer_bounds(o: &mut utoipa::openapi::schema::Object) {
    use utoipa::Number::{Int, UInt};
    let Some(SchemaFormat::KnownFormat(format)) = &o.format else {
        return;
    };
    let (min, max) = match format {
        KnownFormat::Int8 => (Int(i8::MIN.into()), Int(i8::MAX.into())),
        KnownFormat::UInt8 => (UInt(0), UInt(u8::MAX.into())),
        KnownFormat::Int16 => (Int(i16::MIN.into()), Int(i16::MAX.into())),
        KnownFormat::UInt16 => (UInt(0), UInt(u16::MAX.into())),
        KnownFormat::Int32 => (Int(i32::MIN as isize), Int(i32::MAX as isize)),
        KnownFormat::UInt32 => (UInt(0), UInt(u32::MAX as usize)),
        KnownFormat::Int64 => (Int(i64::MIN as isize), Int(i64::MAX as isize)),
        KnownFormat::UInt64 => (UInt(0), UInt(u64::MAX as usize)),
        _ => return,
    };
    o.minimum.get_or_insert(min);
    o.maximum.get_or_insert(max);
}

/// Internally tagged enums declared with `#[serde(deny_unknown_fields)]`: utoipa leaves their
/// variants open, the server refuses an unknown field, so the document closes them.
const CLOSED_TAGGED_ENUMS: &[&str] = &["Sme", "TieBreak"];

fn close_variants(schema: &mut RefOr<Schema>) {
    if let RefOr::T(Schema::OneOf(x)) = schema {
        for item in &mut x.items {
            if let RefOr::T(Schema::Object(o)) = item {
                o.additional_properties
                    .get_or_insert(Box::new(AdditionalProperties::FreeForm(false)));
            }
        }
    }
}

/// A variant of an externally tagged enum (`{"org": …}`) is an object with its tag as the one
/// key: another key would make it another variant, or none, so the variant is closed.
fn close_tagged_variant(item: &mut RefOr<Schema>) {
    if let RefOr::T(Schema::Object(o)) = item
        && o.properties.len() == 1
        && o.required.len() == 1
        && o.properties.contains_key(&o.required[0])
        && o.additional_properties.is_none()
    {
        o.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
    }
}

const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
const INSTANT_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$";

/// Documents `status` with the error envelope, unless the handler already describes it.
fn error(op: &mut Operation, status: &str, description: &str) {
    op.responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| {
            let schema = RefOr::Ref(Ref::from_schema_name("ErrorEnvelope"));
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(schema)).build(),
                )
                .build()
                .into()
        });
}

/// The envelope every error response has.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // documents the shape; the value is built as JSON in error.rs
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub async fn serve() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(document())
}

#[cfg(test)]
mod tests {
    /// The committed document is what the code generates (regenerate with
    /// `UPDATE_OPENAPI=1 cargo test -p web openapi`).
    #[test]
    fn committed_openapi_document_is_current() {
        let generated = super::document().to_pretty_json().unwrap() + "\n";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
        if std::env::var_os("UPDATE_OPENAPI").is_some() {
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "crates/web/openapi.json is stale: run UPDATE_OPENAPI=1 cargo test -p web openapi"
        );
    }

    /// OpenAPI requires unique operation ids (clients name their methods after them); utoipa
    /// takes the handler's name, so two `view` handlers clash unless one is renamed.
    #[test]
    fn operation_ids_are_unique() {
        let doc = serde_json::to_value(super::document()).unwrap();
        let mut seen = std::collections::BTreeMap::new();
        for (path, ops) in doc["paths"].as_object().unwrap() {
            for (method, op) in ops.as_object().unwrap() {
                if let Some(id) = op["operationId"].as_str() {
                    let here = format!("{method} {path}");
                    if let Some(first) = seen.insert(id.to_owned(), here.clone()) {
                        panic!("operationId {id} is used by {first} and {here}");
                    }
                }
            }
        }
    }

    /// Every response body in the document is typed all the way down: no schema reachable
    /// from a response is free-form (`{}`, or an object with neither properties nor a schema
    /// for its other properties), so clients and the schemathesis run can check what is sent.
    #[test]
    fn no_response_schema_is_free_form() {
        let doc = serde_json::to_value(super::document()).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        let mut free = Vec::new();
        for (path, ops) in doc["paths"].as_object().unwrap() {
            for (method, op) in ops.as_object().unwrap() {
                for (status, response) in op["responses"].as_object().unwrap() {
                    let Some(content) = response["content"].as_object() else {
                        continue;
                    };
                    for (kind, c) in content {
                        let at = format!("{method} {path} {status} {kind}");
                        free_forms(&doc, &c["schema"], &at, &mut seen, &mut free);
                    }
                }
            }
        }
        assert!(
            free.is_empty(),
            "untyped response schemas:\n{}",
            free.join("\n")
        );
    }

    /// Collects in `free` where `schema` (or anything it refers to) is free-form; each named
    /// schema is walked once.
    fn free_forms(
        doc: &serde_json::Value,
        schema: &serde_json::Value,
        at: &str,
        seen: &mut std::collections::BTreeSet<String>,
        free: &mut Vec<String>,
    ) {
        if let Some(r) = schema["$ref"].as_str() {
            let name = r.rsplit('/').next().unwrap_or(r).to_owned();
            let target = &doc["components"]["schemas"][&name];
            assert!(!target.is_null(), "{at}: {r} names no schema");
            if seen.insert(name.clone()) {
                free_forms(doc, target, &format!("{at} → {name}"), seen, free);
            }
            return;
        }
        let mut typed = schema.get("type").is_some()
            || schema.get("enum").is_some()
            || schema.get("const").is_some();
        for key in ["oneOf", "anyOf", "allOf"] {
            for (i, s) in schema[key].as_array().into_iter().flatten().enumerate() {
                typed = true;
                free_forms(doc, s, &format!("{at}.{key}[{i}]"), seen, free);
            }
        }
        let objectish = |t: &serde_json::Value| {
            t == "object"
                || t.as_array()
                    .is_some_and(|a| a.iter().any(|x| x == "object"))
        };
        let properties = schema["properties"].as_object();
        for (name, s) in properties.into_iter().flatten() {
            free_forms(doc, s, &format!("{at}.{name}"), seen, free);
        }
        let extra = &schema["additionalProperties"];
        if extra.is_object() {
            free_forms(doc, extra, &format!("{at}.*"), seen, free);
        }
        // `items: false` closes a tuple after its `prefixItems`.
        if let Some(items) = schema.get("items").filter(|i| *i != false) {
            free_forms(doc, items, &format!("{at}[]"), seen, free);
        }
        for (i, s) in schema["prefixItems"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            free_forms(doc, s, &format!("{at}[{i}]"), seen, free);
        }
        let open_object = objectish(&schema["type"]) && properties.is_none() && !extra.is_object();
        if !typed || open_object || extra == true {
            free.push(format!("{at}: {schema}"));
        }
    }

    /// utoipa names a component by its type's name alone, so a second `Member` would silently
    /// replace the first in the document: every schema name in the workspace is unique
    /// (`#[schema(as = ...)]` renames one).
    #[test]
    fn schema_names_are_unique() {
        fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    rust_files(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for krate in std::fs::read_dir(&crates).unwrap().flatten() {
            let src = krate.path().join("src");
            if src.is_dir() {
                rust_files(&src, &mut files);
            }
        }
        let mut names: std::collections::BTreeMap<String, String> = Default::default();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let mut lines = text.lines().peekable();
            while let Some(line) = lines.next() {
                if !(line.contains("#[derive(") && line.contains("ToSchema")) {
                    continue;
                }
                let mut renamed = None;
                for next in lines.by_ref() {
                    let next = next.trim();
                    if let Some(r) = next.strip_prefix("#[schema(as = ") {
                        renamed = Some(r.trim_end_matches(")]").to_owned());
                    }
                    if let Some(decl) = ["pub struct ", "pub enum ", "struct ", "enum "]
                        .iter()
                        .find_map(|k| next.strip_prefix(k))
                    {
                        let ident: String = decl
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        // (a type a macro declares, `$name`, is named where it is used)
                        let name = renamed.take().unwrap_or(ident);
                        if name.is_empty() {
                            break;
                        }
                        let here = file.display().to_string();
                        if let Some(first) = names.insert(name.clone(), here.clone()) {
                            panic!("schema {name} is defined in {first} and {here}");
                        }
                        break;
                    }
                }
            }
        }
        assert!(names.len() > 100, "found only {} schemas", names.len());
    }

    #[test]
    fn it_is_openapi_3_1() {
        let doc = serde_json::to_value(super::document()).unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    }

    /// The statuses the extractors can answer are on every operation that uses them: a JSON
    /// body may be 400, 413 or 415; a trade in the path 400 or 404; a signed-in write 403
    /// and 409 (what the schemathesis run would otherwise report as undocumented).
    #[test]
    fn every_operation_documents_what_its_extractors_answer() {
        let doc = serde_json::to_value(super::document()).unwrap();
        let mut missing = Vec::new();
        for (path, ops) in doc["paths"].as_object().unwrap() {
            for (method, op) in ops.as_object().unwrap() {
                let has = |status: &str| op["responses"].get(status).is_some();
                let mut want = Vec::new();
                if op["requestBody"]["content"]
                    .get("application/json")
                    .is_some()
                {
                    want.extend(["400", "413", "415"]);
                }
                let params = op["parameters"].as_array().cloned().unwrap_or_default();
                // The trade of the path (`TradePath`); `GET /api/trades/{id}` reads any
                // unknown id, a malformed one included, as a 404 by design.
                let trade_path = |p: &serde_json::Value| {
                    p["in"] == "path"
                        && p["description"]
                            .as_str()
                            .is_some_and(|d| d.starts_with("trade id"))
                };
                if params.iter().any(trade_path) {
                    want.extend(["400", "404"]);
                }
                if has("401") {
                    want.push("403");
                    if method != "get" && !path.starts_with("/api/session") {
                        want.push("409");
                    }
                }
                for status in want.into_iter().filter(|s| !has(s)) {
                    missing.push(format!("{method} {path}: {status}"));
                }
            }
        }
        assert!(missing.is_empty(), "undocumented: {missing:#?}");
    }
}
