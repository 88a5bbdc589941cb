//! Everything a request can do, as one enum. Trade commands carry the name that
//! [`TradeCommand::action`] gives them, so the web layer maps a command to its action without a
//! second table.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::access::denied::Denied;
use crate::trade::TradeCommand;

crate::lists::named_enum! {
    /// One thing a request can do. The names (`as_str`) are stable: they appear in the matrix,
    /// in authorisation logs and in error messages.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Action {
        // --- trade commands (writes to a trade's stream) ---
        Register = "register",
        Accept = "accept",
        RejectEntry = "reject_entry",
        /// Return the entry for corrections, with reasons (the applicant may resubmit).
        ReturnEntry = "return_entry",
        ResubmitEntry = "resubmit_entry",
        RequestGreenChannel = "request_green_channel",
        DecideGreenChannel = "decide_green_channel",
        SubmitDeferredDocument = "submit_deferred_document",
        BookVenue = "book_venue",
        UploadTenderDocuments = "upload_tender_documents",
        PublishAnnouncement = "publish_announcement",
        AmendDocuments = "amend_documents",
        /// A bidder obtains the tender documents (its own organisation, while bidding is open).
        ObtainDocuments = "obtain_documents",
        /// A bidder asks about the documents (sealed asker).
        AskQuestion = "ask_question",
        /// The tenderer or agency answers (published to all).
        AnswerQuestion = "answer_question",
        RecordExpertDraw = "record_expert_draw",
        SubmitBid = "submit_bid",
        WithdrawBid = "withdraw_bid",
        OpenBids = "open_bids",
        /// A custodian hands in its share of the opening key.
        SubmitShare = "submit_share",
        /// The platform records the unsealing (never a person).
        RecordUnsealing = "record_unsealing",
        AbandonOpening = "abandon_opening",
        ConfirmOpeningRecord = "confirm_opening_record",
        RaiseOpeningObjection = "raise_opening_objection",
        AnswerOpeningObjection = "answer_opening_objection",
        RecordEvaluation = "record_evaluation",
        RejectAllBids = "reject_all_bids",
        PublishResult = "publish_result",
        DecideAward = "decide_award",
        IssueConfirmation = "issue_confirmation",
        Suspend = "suspend",
        Resume = "resume",
        Cancel = "cancel",
        Retender = "retender",
        // --- public reads (no account needed) ---
        ViewTradePublic = "view_trade_public",
        ViewTimelinePublic = "view_timeline_public",
        ViewCheckpoint = "view_checkpoint",
        VerifyReceipt = "verify_receipt",
        VerifyCertificate = "verify_certificate",
        // --- reads of one trade beyond the public view ---
        ViewTradeFull = "view_trade_full",
        ViewLogFull = "view_log_full",
        ViewBidsOwn = "view_bids_own",
        /// Who has bid (the current round's bids and their events).
        ViewBidders = "view_bidders",
        /// Who obtained (downloaded) the tender documents (the `documents_obtained` events).
        ViewDocumentObtainers = "view_document_obtainers",
        /// Who sits on the evaluation committee.
        ViewExperts = "view_experts",
        // --- staff reads ---
        ViewQueue = "view_queue",
        ViewAccounts = "view_accounts",
        ViewPosts = "view_posts",
        // --- sessions and accounts ---
        SignIn = "sign_in",
        SignUp = "sign_up",
        /// Read and change one's own account: password, keys.
        ManageOwnAccount = "manage_own_account",
        /// Register, rename, (de)activate organisations; register, disable, enable the people
        /// of the market (tenderers, agencies, bidders, experts).
        ManageAccounts = "manage_accounts",
        /// Complete and change one's own organisation's file (企业信息登记), submit it for
        /// review, add its people.
        ManageOwnOrg = "manage_own_org",
        /// Approve an organisation's file, or return it with reasons (the `registration` post).
        ReviewRegistration = "review_registration",
        /// Register, disable, enable the people who run or watch the center (staff,
        /// supervisors, administrators), send them sign-in links, bind their first key.
        ManageStaff = "manage_staff",
        /// Assign posts (A and B).
        ManagePosts = "manage_posts",
        /// Mark a post holder away and back.
        MarkPostAway = "mark_post_away",
        /// Set a center up on an empty store (`sunbid init`).
        EstablishCenter = "establish_center",
        /// The center's profile, opening-key policy, venues, trusted keys, calendars, settings.
        ManageCenter = "manage_center",
    }
}

/// Which legal seal keeps an action shut until a point of the trade, for everyone but the
/// platform itself (design.md principle 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seal {
    /// Who obtained the documents and who has bid: 招标投标法 第22条, 电子招标投标办法 第21条.
    UntilOpening,
    /// The committee list: 招标投标法 第37条 (名单在中标结果确定前应当保密).
    UntilAward,
}

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// The action of a trade command. A command the matrix does not know is refused
    /// (`access.unknown_action`): a new command stays shut until someone writes its rule.
    pub fn for_command(command: &TradeCommand) -> Result<Action, Denied> {
        let name = command.action();
        Action::from_name(name)
            .filter(|a| a.is_trade_command())
            .ok_or_else(|| Denied::UnknownAction {
                name: name.to_owned(),
            })
    }

    /// A command appended to a trade's stream (they come first in the enum, up to
    /// `Retender`; the derived order is the declaration order).
    pub fn is_trade_command(self) -> bool {
        self <= Action::Retender
    }

    /// Changes nothing: reads and verifications, named `view_*` and `verify_*` by convention
    /// (a read is judged by [`crate::access::read_phase`], a write by the current phase).
    pub fn is_read(self) -> bool {
        let name = self.as_str();
        name.starts_with("view_") || name.starts_with("verify_")
    }

    pub fn seal(self) -> Option<Seal> {
        match self {
            Action::ViewBidders | Action::ViewDocumentObtainers => Some(Seal::UntilOpening),
            Action::ViewExperts => Some(Seal::UntilAward),
            _ => None,
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
