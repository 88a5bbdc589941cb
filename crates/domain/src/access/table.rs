//! THE permission matrix, as data: for each action, the roles that may take it, each with a
//! [`Rule`] (in which phases, on which trades). A role missing from an action's row may not
//! take it. The web layer and the accounts aggregates ask [`crate::access::authorize`]; nobody
//! checks roles by hand. The trade aggregate keeps its own finer checks (deadlines, which
//! bidder, result order); `tests/access.rs` proves the two never disagree on who and when.
//!
//! Laid out by hand as a table (hence `rustfmt::skip`): one row per action.

use crate::access::action::Action;
use crate::access::matrix::{Phases, Rule, Scope};
use crate::aggregate::Role::{self, *};
use crate::trade::Phase::{self, *};

const fn only(phases: &'static [Phase], scope: Scope) -> Rule {
    Rule {
        phases: Phases::Only(phases),
        scope,
    }
}
const fn anytime(scope: Scope) -> Rule {
    Rule {
        phases: Phases::Any,
        scope,
    }
}
const ANYWHERE: Rule = anytime(Scope::Any);

/// After the bids were opened: the phases in which the opening seal is lifted.
pub const OPENED: &[Phase] = &[Opened, Evaluated, Publicized, Awarded, Confirmed];
/// After the award was decided: the phases in which the committee seal is lifted. With a
/// result announcement (procurement) `Publicized` also follows the award, but the phase alone
/// cannot tell, so the list stays sealed there (the announcement itself names the experts).
pub const AWARDED: &[Phase] = &[Awarded, Confirmed];
/// Bidding is open.
const BIDDING: &[Phase] = &[Announced, ExpertsDrawn];
/// The committee works between the opening and its report.
const EVALUATING: &[Phase] = &[Opened, Evaluated];
/// Under way: may be suspended.
#[rustfmt::skip]
const ACTIVE: &[Phase] = &[Registered, Accepted, VenueBooked, DocumentsReady, Announced,
    ExpertsDrawn, Opened, Evaluated, Publicized, Awarded];
/// Center staff may cancel at any stage before the confirmation, also while suspended.
#[rustfmt::skip]
const ACTIVE_OR_SUSPENDED: &[Phase] = &[Registered, Accepted, VenueBooked, DocumentsReady,
    Announced, ExpertsDrawn, Opened, Evaluated, Publicized, Awarded, Suspended];
/// The tenderer or agency may cancel on its own only before the opening; while suspended the
/// trade aggregate looks at the phase it was suspended in.
#[rustfmt::skip]
const BEFORE_OPENING_OR_SUSPENDED: &[Phase] = &[Registered, Accepted, VenueBooked,
    DocumentsReady, Announced, ExpertsDrawn, Suspended];
/// The green channel may be asked for and decided until the opening.
#[rustfmt::skip]
pub(crate) const GREEN: &[Phase] = &[Registered, Accepted, VenueBooked, DocumentsReady, Announced,
    ExpertsDrawn];
/// Deferred documents (容缺) are handed in after acceptance, until the confirmation.
#[rustfmt::skip]
const AFTER_ACCEPTANCE: &[Phase] = &[Accepted, VenueBooked, DocumentsReady, Announced,
    ExpertsDrawn, Opened, Evaluated, Publicized, Awarded, Suspended, Failed];

/// Everyone, signed in or not.
#[rustfmt::skip]
const EVERYONE: &[(Role, Rule)] = &[(CenterStaff, ANYWHERE), (Tenderer, ANYWHERE),
    (Agency, ANYWHERE), (Bidder, ANYWHERE), (Expert, ANYWHERE), (Supervisor, ANYWHERE),
    (Bank, ANYWHERE), (Administrator, ANYWHERE), (Public, ANYWHERE), (Platform, ANYWHERE)];
/// Staff and the platform run the center; supervisors read along.
const STAFF_READ: &[(Role, Rule)] = &[
    (CenterStaff, ANYWHERE),
    (Supervisor, ANYWHERE),
    (Platform, ANYWHERE),
];
const STAFF_WRITE: &[(Role, Rule)] = &[(CenterStaff, ANYWHERE), (Platform, ANYWHERE)];
/// The administrator (and the platform, for `sunbid init`) sets the center up.
const ADMIN_WRITE: &[(Role, Rule)] = &[(Administrator, ANYWHERE), (Platform, ANYWHERE)];
/// The tenderer and the agency acting for it, with the same rule.
const fn parties(r: Rule) -> [(Role, Rule); 2] {
    [(Tenderer, r), (Agency, r)]
}

/// The rules of one action: the roles that may take it, each with its rule. Roles absent
/// from the row may not (the match is exhaustive: a new action does not compile without its
/// row). `const { }` makes each row a static table.
#[rustfmt::skip]
pub fn rules(action: Action) -> &'static [(Role, Rule)] {
    use Action as A;
    use Scope::{Any, Committee, OwnBid, OwnOrg, Oneself};
    match action {
        // --- trade commands: the roles and phases of the trade aggregate ---
        // The trade does not exist yet: the command names the parties, and the aggregate
        // checks that the caller is one of them.
        A::Register => const { &parties(only(&[Unregistered], Any)) },
        A::Accept | A::RejectEntry | A::ReturnEntry => const { &[(CenterStaff, only(&[Registered], Any))] },
        A::ResubmitEntry => const { &parties(only(&[Registered], OwnOrg)) },
        // The green channel: asked for by the applicant, decided by staff, until the opening.
        A::RequestGreenChannel => const { &parties(only(GREEN, OwnOrg)) },
        A::DecideGreenChannel => const { &[(CenterStaff, only(GREEN, Any))] },
        A::SubmitDeferredDocument => const { &parties(only(AFTER_ACCEPTANCE, OwnOrg)) },
        A::BookVenue => const { &[(CenterStaff, only(&[Accepted, VenueBooked, DocumentsReady], Any))] },
        A::UploadTenderDocuments => const { &parties(only(&[VenueBooked, DocumentsReady], OwnOrg)) },
        A::PublishAnnouncement => const { &parties(only(&[DocumentsReady], OwnOrg)) },
        A::AmendDocuments => const { &parties(only(BIDDING, OwnOrg)) },
        // Any bidder may obtain the documents, for its own organisation (the aggregate checks
        // the organisation, the deadline and invitations); no registration step (电子招标投标办法
        // 第20条).
        A::ObtainDocuments => const { &[(Bidder, only(BIDDING, Any))] },
        // Questions on the documents while bidding is open; the aggregate checks the bidder.
        A::AskQuestion => const { &[(Bidder, only(BIDDING, Any))] },
        A::AnswerQuestion => const { &parties(only(BIDDING, OwnOrg)) },
        A::RecordExpertDraw => const { &[(CenterStaff, only(&[Announced], Any))] },
        // Any bidder may bid (the aggregate checks invitations). Nobody knows whose a sealed
        // bid is: the aggregate checks the token from the bidder's receipt.
        A::SubmitBid | A::WithdrawBid => const { &[(Bidder, only(BIDDING, Any))] },
        // The platform opens at the deadline on its own; staff may press the button.
        A::OpenBids => const { &[(CenterStaff, only(BIDDING, Any)), (Platform, only(BIDDING, Any))] },
        // Custodians are named in the opening key; the aggregate checks the person.
        A::SubmitShare => const { &[
            (CenterStaff, only(&[ExpertsDrawn], Any)), (Supervisor, only(&[ExpertsDrawn], Any)),
            (Tenderer, only(&[ExpertsDrawn], OwnOrg)), (Agency, only(&[ExpertsDrawn], OwnOrg)),
        ] },
        A::RecordUnsealing => const { &[(Platform, only(&[ExpertsDrawn], Any))] },
        A::AbandonOpening => const { &[(CenterStaff, only(&[ExpertsDrawn], Any)), (Platform, only(&[ExpertsDrawn], Any))] },
        // Bidders named in the opening record (the aggregate checks the record).
        A::ConfirmOpeningRecord | A::RaiseOpeningObjection => const { &[(Bidder, only(&[Opened], Any))] },
        A::AnswerOpeningObjection => const { &parties(only(&[Opened], OwnOrg)) },
        A::RecordEvaluation | A::RejectAllBids => const { &[
            (CenterStaff, only(&[Opened], Any)),
            (Expert, only(&[Opened], Committee)),
        ] },
        // Evaluated for candidates publicity, Awarded for a result announcement.
        A::PublishResult => const { &parties(only(&[Evaluated, Awarded], OwnOrg)) },
        // The award decision is the tenderer's own (条例 第55条), not the agency's.
        A::DecideAward => const { &[(Tenderer, only(&[Evaluated, Publicized], OwnOrg))] },
        A::IssueConfirmation => const { &[(CenterStaff, only(&[Publicized, Awarded], Any))] },
        // The only writes of a supervisor (政府采购法 第57条, 条例 第22条).
        A::Suspend => const { &[(CenterStaff, only(ACTIVE, Any)), (Supervisor, only(ACTIVE, Any))] },
        A::Resume => const { &[(CenterStaff, only(&[Suspended], Any)), (Supervisor, only(&[Suspended], Any))] },
        A::Cancel => const { &[
            (CenterStaff, only(ACTIVE_OR_SUSPENDED, Any)),
            (Tenderer, only(BEFORE_OPENING_OR_SUSPENDED, OwnOrg)),
            (Agency, only(BEFORE_OPENING_OR_SUSPENDED, OwnOrg)),
        ] },
        A::Retender => const { &parties(only(&[Failed], OwnOrg)) },

        // --- public reads: no account needed ---
        A::ViewTradePublic | A::ViewTimelinePublic | A::ViewCheckpoint | A::VerifyReceipt
        | A::VerifyCertificate => EVERYONE,

        // --- reads of one trade: supervisors read every trade ---
        A::ViewTradeFull => const { &[
            (CenterStaff, ANYWHERE), (Supervisor, ANYWHERE), (Platform, ANYWHERE),
            (Tenderer, anytime(OwnOrg)), (Agency, anytime(OwnOrg)),
            (Expert, only(EVALUATING, Committee)),
        ] },
        A::ViewLogFull => const { &[
            (CenterStaff, ANYWHERE), (Supervisor, ANYWHERE), (Platform, ANYWHERE),
            (Tenderer, anytime(OwnOrg)), (Agency, anytime(OwnOrg)),
        ] },
        A::ViewBidsOwn => const { &[(Bidder, anytime(OwnBid)), (Platform, ANYWHERE)] },
        // Sealed for all but the platform until the opening (`Seal::UntilOpening`).
        // The opening record is published to the bidders named in it (电子招标投标办法 第32条).
        A::ViewBidders => const { &[
            (CenterStaff, only(OPENED, Any)), (Supervisor, only(OPENED, Any)),
            (Tenderer, only(OPENED, OwnOrg)), (Agency, only(OPENED, OwnOrg)),
            (Bidder, only(OPENED, OwnBid)),
            (Expert, only(EVALUATING, Committee)), (Platform, ANYWHERE),
        ] },
        A::ViewDocumentObtainers => const { &[
            (CenterStaff, only(OPENED, Any)), (Supervisor, only(OPENED, Any)),
            (Tenderer, only(OPENED, OwnOrg)), (Agency, only(OPENED, OwnOrg)),
            (Platform, ANYWHERE),
        ] },
        // Sealed for all but the platform until the award (`Seal::UntilAward`).
        A::ViewExperts => const { &[
            (CenterStaff, only(AWARDED, Any)), (Supervisor, only(AWARDED, Any)),
            (Tenderer, only(AWARDED, OwnOrg)), (Agency, only(AWARDED, OwnOrg)),
            (Platform, ANYWHERE),
        ] },

        // --- staff reads ---
        A::ViewQueue => STAFF_READ,
        // The administrator manages accounts and posts, so it reads them (and nothing of a
        // trade: no row above names it).
        A::ViewAccounts | A::ViewPosts => const { &[
            (CenterStaff, ANYWHERE), (Supervisor, ANYWHERE), (Administrator, ANYWHERE),
            (Platform, ANYWHERE),
        ] },

        // --- sessions and accounts ---
        A::SignIn | A::SignUp => const { &[(Public, ANYWHERE)] },
        // Self-service, not a trade write: a supervisor changes its own password too.
        A::ManageOwnAccount => const { &[
            (CenterStaff, anytime(Oneself)), (Tenderer, anytime(Oneself)),
            (Agency, anytime(Oneself)), (Bidder, anytime(Oneself)), (Expert, anytime(Oneself)),
            (Supervisor, anytime(Oneself)), (Bank, anytime(Oneself)),
            (Administrator, anytime(Oneself)), (Platform, ANYWHERE),
        ] },
        A::ManageAccounts => STAFF_WRITE,
        // The people who run the center are the administrator's, not each other's: staff
        // who appointed staff could give themselves a second account or a post.
        A::ManageStaff | A::ManagePosts | A::ManageCenter => ADMIN_WRITE,
        A::EstablishCenter => const { &[(Platform, ANYWHERE)] },
        A::MarkPostAway => const { &[
            (CenterStaff, ANYWHERE), (Administrator, ANYWHERE), (Platform, ANYWHERE),
        ] },
        // The organisations that register themselves (企业信息登记); the platform completes
        // the first step of a sign-up.
        A::ManageOwnOrg => const { &[
            (Tenderer, anytime(Oneself)), (Agency, anytime(Oneself)),
            (Bidder, anytime(Oneself)), (Bank, anytime(Oneself)), (Platform, ANYWHERE),
        ] },
        // A person of the staff reviews; never the platform on its own.
        A::ReviewRegistration => const { &[(CenterStaff, ANYWHERE)] },
    }
}
