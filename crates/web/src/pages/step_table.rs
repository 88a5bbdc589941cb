//! The steps of a trade as forms, in the order the page shows them: who acts (the access
//! matrix, or the roles the trade's own book lets act), which staff post, which fields.
use domain::{Action, Role};

use super::step_documents::crit;
use super::step_forms::{Field, Gate, Kind, Step, f};

use super::step_intake as intake;

const KINDS: &[(&str, &str)] = &[
    ("", "ui.steps.none"),
    ("lowest_price", "evaluation_kind.lowest_price"),
    ("comprehensive", "evaluation_kind.comprehensive"),
    ("reasonable_low", "evaluation_kind.reasonable_low"),
];
const SUBJECTS: &[(&str, &str)] = &[
    ("works", "category.works"),
    ("goods", "category.goods"),
    ("services", "category.services"),
    ("survey_design", "category.survey_design"),
];
const FORMULAS: &[(&str, &str)] = &[
    ("lowest_is_base", "ui.steps.formula.lowest_is_base"),
    ("base_deviation", "ui.steps.formula.base_deviation"),
];
/// The documents' form: the method, its points, one row per scored criterion (blank rows
/// to fill: adding a row needs no script), the construction price formula, the SME rates.
const DOCUMENTS: &[Field] = &[
    f("file", Kind::File, "ui.steps.field.documents"),
    f(
        "evaluation_kind",
        Kind::Pick(KINDS),
        "ui.steps.field.evaluation_kind",
    ),
    f(
        "category",
        Kind::Pick(CATEGORIES),
        "ui.steps.field.category",
    ),
    Field {
        default: "100",
        ..f("total_points", Kind::Text, "ui.steps.field.total_points")
    },
    f("price_points", Kind::Text, "ui.steps.field.price_points"),
    f("fixed_price", Kind::Check, "ui.steps.field.fixed_price"),
    f(
        "weight_approved",
        Kind::Check,
        "ui.steps.field.weight_approved",
    ),
    crit(0, 0),
    crit(0, 1),
    crit(0, 2),
    crit(0, 3),
    crit(1, 0),
    crit(1, 1),
    crit(1, 2),
    crit(1, 3),
    crit(2, 0),
    crit(2, 1),
    crit(2, 2),
    crit(2, 3),
    crit(3, 0),
    crit(3, 1),
    crit(3, 2),
    crit(3, 3),
    crit(4, 0),
    crit(4, 1),
    crit(4, 2),
    crit(4, 3),
    crit(5, 0),
    crit(5, 1),
    crit(5, 2),
    crit(5, 3),
    crit(6, 0),
    crit(6, 1),
    crit(6, 2),
    crit(6, 3),
    crit(7, 0),
    crit(7, 1),
    crit(7, 2),
    crit(7, 3),
    f(
        "price_formula",
        Kind::Pick(FORMULAS),
        "ui.steps.field.price_formula",
    ),
    f("k_min", Kind::Text, "ui.steps.field.k_min"),
    f("k_max", Kind::Text, "ui.steps.field.k_max"),
    f("k_step", Kind::Text, "ui.steps.field.k_step"),
    f("e1", Kind::Text, "ui.steps.field.e1"),
    f("e2", Kind::Text, "ui.steps.field.e2"),
    f("drop_highest", Kind::Text, "ui.steps.field.drop_highest"),
    f("drop_lowest", Kind::Text, "ui.steps.field.drop_lowest"),
    f(
        "drop_when_at_least",
        Kind::Text,
        "ui.steps.field.drop_when_at_least",
    ),
    f("sme_small", Kind::Text, "ui.steps.field.sme_small"),
    f("sme_partners", Kind::Text, "ui.steps.field.sme_partners"),
];
const CATEGORIES: &[(&str, &str)] = &[
    ("goods", "category.goods"),
    ("services", "category.services"),
    ("works", "category.works"),
];

pub static STEPS: &[Step] = &[
    Step {
        id: "accept",
        gate: Gate::Matrix(Action::Accept),
        post: Some("acceptance"),
        fields: &[
            f("deferred_1", Kind::Text, "ui.steps.field.deferred"),
            f("due_1", Kind::Date, "ui.steps.field.due"),
            f("deferred_2", Kind::Text, "ui.steps.field.deferred"),
            f("due_2", Kind::Date, "ui.steps.field.due"),
            f("pledge", Kind::File, "ui.steps.field.pledge"),
        ],
    },
    intake::RETURN_ENTRY,
    Step {
        id: "reject_entry",
        gate: Gate::Matrix(Action::RejectEntry),
        post: Some("acceptance"),
        fields: &[f("reason", Kind::Area, "ui.steps.field.reason")],
    },
    intake::RESUBMIT_ENTRY,
    intake::REQUEST_GREEN,
    intake::DECIDE_GREEN,
    Step {
        id: "documents",
        gate: Gate::Matrix(Action::UploadTenderDocuments),
        post: None,
        fields: DOCUMENTS,
    },
    Step {
        id: "deposit_terms",
        gate: Gate::PartyRoles(&[Role::Tenderer, Role::Agency]),
        post: None,
        fields: &[
            f("amount", Kind::Money, "ui.steps.field.deposit_amount"),
            f("subject", Kind::Pick(SUBJECTS), "ui.steps.field.subject"),
            f(
                "exemption_by_credit",
                Kind::Check,
                "ui.steps.field.exemption_by_credit",
            ),
            f(
                "accepts_guarantee",
                Kind::Check,
                "ui.steps.field.accepts_guarantee",
            ),
        ],
    },
    Step {
        id: "publish",
        gate: Gate::Matrix(Action::PublishAnnouncement),
        post: None,
        fields: &[f("deadline", Kind::DateTime, "ui.work.deadline")],
    },
    Step {
        id: "amend",
        gate: Gate::Matrix(Action::AmendDocuments),
        post: None,
        fields: &[
            f("file", Kind::File, "ui.steps.field.amendment"),
            f(
                "new_deadline",
                Kind::DateTime,
                "ui.steps.field.new_deadline",
            ),
        ],
    },
    Step {
        id: "suspend",
        gate: Gate::Matrix(Action::Suspend),
        post: None,
        fields: &[f("reason", Kind::Area, "ui.steps.field.reason")],
    },
    Step {
        id: "resume",
        gate: Gate::Matrix(Action::Resume),
        post: None,
        fields: &[f(
            "new_deadline",
            Kind::DateTime,
            "ui.steps.field.new_deadline",
        )],
    },
    Step {
        id: "cancel",
        gate: Gate::Matrix(Action::Cancel),
        post: None,
        fields: &[f("reason", Kind::Area, "ui.steps.field.reason")],
    },
    Step {
        id: "retender",
        gate: Gate::Matrix(Action::Retender),
        post: None,
        fields: &[f("reason", Kind::Area, "ui.steps.field.reason")],
    },
    Step {
        id: "confirm",
        gate: Gate::Matrix(Action::IssueConfirmation),
        post: None,
        fields: &[f(
            "certificate_no",
            Kind::Text,
            "ui.steps.field.certificate_no",
        )],
    },
];
