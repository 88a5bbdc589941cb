//! The rules this crate computes, each with a stable id, its legal source and how sure the
//! source is (rules.md §0 labels). Every derived number and every issue names one of these.

use serde::Serialize;

/// How the value was checked (rules.md §0): [T] full text, [S] secondary source, [M] general
/// knowledge (a provisional default), [D] derived, [Doc] set by the tender documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub enum Label {
    T,
    S,
    M,
    D,
    Doc,
}

/// A rule: stable id, legal source and a one-line statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationRule)]
pub struct Rule {
    pub id: &'static str,
    pub source: &'static str,
    pub label: Label,
    pub text: &'static str,
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({} [{:?}])", self.id, self.source, self.label)
    }
}

macro_rules! rules {
    ($($name:ident = $id:literal, $src:literal, $label:ident, $text:literal;)*) => {
        $(pub const $name: Rule = Rule { id: $id, source: $src, label: Label::$label, text: $text };)*
        /// Every rule, for the documentation and the review tool.
        pub const ALL: &[Rule] = &[$($name),*];
    };
}

rules! {
    // price corrections
    CORRECT_SUMMARY = "correction.summary_prevails", "财政部令第87号 第59条(一)", T,
        "the opening summary (开标一览表) prevails over the body of the bid";
    CORRECT_WORDS = "correction.words_prevail", "财政部令第87号 第59条(二)", T,
        "the amount in words prevails over the figures";
    CORRECT_DECIMAL = "correction.misplaced_decimal", "财政部令第87号 第59条(三)", T,
        "a misplaced decimal point in a unit price: the summary total prevails, the unit price is fixed";
    CORRECT_UNIT_SUM = "correction.unit_prices_prevail", "财政部令第87号 第59条(四)", T,
        "the sum of the unit prices prevails over a stated total";
    CORRECT_CONFIRM = "correction.confirmation", "财政部令第87号 第59条", T,
        "a corrected price binds once the bidder confirms it; unconfirmed, the bid is invalid";
    CORRECT_CONSTRUCTION = "correction.construction", "评标委员会和评标方法暂行规定 第19条 (order of 87号令 第59条 by analogy)", M,
        "words prevail over figures, unit prices over totals unless the decimal point is clearly misplaced";
    // validity and competition
    REVIEW_REJECTED = "validity.review", "招标投标法实施条例 第51条; 财政部令第87号 第63条", T,
        "a bid that failed the qualification or conformity review is rejected (invalid)";
    ABOVE_MAX_GP = "validity.above_max_price", "财政部令第87号 第63条", T,
        "a price above the budget or maximum price makes the bid invalid";
    ABOVE_MAX_CONSTRUCTION = "validity.above_max_price", "招标投标法实施条例 第51条(五)", T,
        "a price above the maximum price is rejected";
    FEW_BIDS_GP = "competition.fewer_than_three", "政府采购法 第36条; 财政部令第87号 第43条", T,
        "fewer than 3 substantively responsive bids: the tender fails (废标)";
    FEW_BIDS_NEGOTIATION = "competition.fewer_than_three", "政府采购法 第38条, 第40条; 财库〔2014〕214号", S,
        "negotiation, consultation and quotation need 3 suppliers; 2 only in the listed cases";
    FEW_BIDS_CONSTRUCTION = "competition.fewer_than_three", "评标委员会和评标方法暂行规定 第27条; 发改法规〔2022〕1117号 (十三)", T,
        "fewer than 3 valid bids is not a failure by itself: the committee decides and records its reasons";
    REJECT_ALL = "competition.reject_all", "招标投标法 第42条", T,
        "all bids rejected: tender again";
    SAME_BRAND_LOWEST = "brand.lowest_price", "财政部令第87号 第31条", T,
        "same-brand bids under the lowest price method: only the lowest-priced compliant one is evaluated";
    SAME_BRAND_SCORED = "brand.comprehensive", "财政部令第87号 第31条", T,
        "same-brand bids under comprehensive scoring count as one; the highest score keeps candidacy";
    // policy price adjustments
    SME_SMALL = "preference.sme_small", "财库〔2020〕46号; 财库〔2022〕19号", S,
        "a small or micro firm's price is reduced by the documents' rate for evaluation only";
    SME_PARTNERS = "preference.sme_partners", "财库〔2020〕46号; 财库〔2022〕19号", S,
        "a consortium or subcontract with ≥ 30% small or micro share gets the lower rate; a share below 30% or a control relation gets none";
    SME_RESERVED = "preference.sme_reserved", "财库〔2020〕46号", M,
        "packages reserved for SMEs get no price deduction";
    DOMESTIC = "preference.domestic", "国办发〔2025〕34号", S,
        "domestic products get a 20% price preference when they compete with non-domestic ones";
    STACKING = "preference.stacking", "财政部 answer summarised by a third party", S,
        "SME and domestic deductions are both computed on the original price and subtracted";
    SME_BONUS_WORKS = "preference.sme_works_bonus", "财库〔2020〕46号", M,
        "works under 综合评估法: 3–5% (1–2% for partners) of the bidder's own price score is added";
    // price scores and bases
    GP_PRICE_SCORE = "score.gp_price", "财政部令第87号 第55条", T,
        "the lowest evaluation price of the valid bids is the base and gets full price points; others get base / price × price points";
    GP_PRICE_WEIGHT = "score.gp_price_weight", "财政部令第87号 第55条", T,
        "price weight at least 30% for goods, 10% for services; no price points for fixed-price projects";
    CONSULT_PRICE_SCORE = "score.consultation_price", "财库〔2014〕214号", M,
        "(磋商基准价 / 最后报价) × 价格权值 × 100";
    CONSULT_PRICE_WEIGHT = "score.consultation_price_weight", "财库〔2014〕214号", S,
        "price weight 30–60% for goods, 10–30% for services, outside only with approval";
    POINTS_TOTAL = "score.points_total", "财政部令第87号 第55条", T,
        "the weights add up to the total (Σ Aᵢ = 1)";
    LOWEST_BASE_DOC = "score.lowest_is_base", "招标文件", Doc,
        "the lowest valid price is the base and gets full price points; others get base / price × price points";
    BASE_AVERAGE = "score.base_average", "招标文件 (provincial practice)", Doc,
        "base price = average of the valid bids, optionally after dropping extremes, × (1 − K)";
    K_RANGE = "score.k_drawn", "招标文件 (provincial practice)", Doc,
        "K is drawn at the opening from the range the documents set";
    DEVIATION_SCORE = "score.deviation", "招标文件 (provincial practice)", Doc,
        "full price points at the base; E1 points lost per 1% above, E2 per 1% below, linear in between";
    LOWEST_EVALUATED = "score.lowest_evaluated_price", "评标委员会和评标方法暂行规定 第30条, 第31条", M,
        "evaluated price = bid price adjusted by the documents' quantified factors; the lowest ranks first";
    MEMBER_MEAN = "score.member_mean", "财政部令第87号 第55条 (汇总每个投标人的得分)", D,
        "an item's score is the mean of the members' scores";
    MEMBER_TRIMMED = "score.member_trimmed_mean", "招标文件 (provincial practice)", Doc,
        "an item's score is the mean after dropping one highest and one lowest member score";
    ROUNDING = "score.rounding", "rules.md §3.5 (87号令 is silent)", D,
        "exact values throughout; totals rounded half-up once, at the end";
    // abnormally low prices
    LOW_AVERAGE = "low.average", "财库〔2026〕2号", S,
        "price strictly below 50% (or the documents' higher share, ≤ 65%) of the average of bids that passed conformity";
    LOW_SECOND = "low.second_lowest", "财库〔2026〕2号", S,
        "price strictly below 50% (≤ 65%) of the second-lowest passing bid";
    LOW_MAX = "low.max_price", "财库〔2026〕2号", S,
        "price strictly below 45% (≤ 65%) of the maximum price, or of the budget if none";
    LOW_COMMITTEE = "low.committee", "财政部令第87号 第60条; 评标委员会和评标方法暂行规定 第21条", T,
        "the committee judges a price abnormally low: written explanation first, invalid only if not justified";
    LOW_EXPLANATION = "low.explanation", "财政部令第87号 第60条; 财库〔2026〕2号", S,
        "a triggered bidder explains in writing with cost evidence (generally ≥ 30 minutes); never an automatic rejection";
    // ranking
    RANK_LOWEST = "rank.lowest_price", "财政部令第87号 第56条", T,
        "price ascending; equal prices tie";
    RANK_SCORED = "rank.comprehensive", "财政部令第87号 第57条", T,
        "score descending, then price ascending; equal on both tie";
    RANK_CONSULT = "rank.consultation", "财库〔2014〕214号", M,
        "score descending, then final offer ascending, then technical indicators";
    RANK_OFFER = "rank.final_offer", "政府采购法 第38条, 第40条", T,
        "lowest final offer among suppliers meeting the requirements";
    RANK_CONSTRUCTION = "rank.construction", "招标文件; 评标委员会和评标方法暂行规定 第29条", Doc,
        "the documents' order (score descending or evaluated price ascending, then price ascending)";
    TIE_DOCUMENTS = "tie.documents", "财政部令第87号 第68条", T,
        "tied candidates are ordered by the method in the documents";
    TIE_DRAW = "tie.draw", "财政部令第87号 第68条", T,
        "if the documents set no method: random draw (recorded seed, SHA-256 order)";
    TIE_DRAW_CONSTRUCTION = "tie.draw_construction", "发改法规〔2022〕1117号 (二); local rules", D,
        "construction: no lottery for candidates; a draw may only break an exact tie where a local rule allows it";
    CANDIDATES = "rank.candidates", "招标投标法实施条例 第53条; 财政部令第87号 第68条", T,
        "the report ranks at most 3 candidates";
    // distributed scoring and recheck
    OBJECTIVE_AGREE = "scoring.objective_agree", "财政部令第87号 第64条", T,
        "objective items must be scored the same by every member";
    OUTLIER = "scoring.outlier", "财政部令第87号 第64条 (畸高、畸低); threshold from configuration", D,
        "a score deviating from the other members' mean by more than the set share of the item's points needs a written reason and is flagged";
    RECHECK_ARITHMETIC = "scoring.arithmetic", "财政部令第87号 第64条", T,
        "a stated total must equal the sum of the item scores";
    RECHECK_RANGE = "scoring.range", "财政部令第87号 第64条", T,
        "a score must lie within 0 and the item's points (and on its step)";
    INDEPENDENT = "scoring.independent", "财政部令第87号 第62条", T,
        "members score alone; no negotiated scoring of subjective items";
    DISSENT = "report.dissent", "招标投标法实施条例 第53条", T,
        "a member who disagrees records the reason; refusing to sign without reasons is deemed agreement";
    // periods
    CANDIDATES_PUBLISH = "period.candidates_publish", "招标投标法实施条例 第54条", T,
        "construction: publish the candidates within 3 日 of receiving the report";
    CANDIDATES_PUBLICITY = "period.candidates_publicity", "招标投标法实施条例 第54条", T,
        "construction: the candidates publicity lasts at least 3 日";
    OBJECTION = "period.objection", "招标投标法实施条例 第54条", T,
        "construction: objections to the result only during the publicity";
    OBJECTION_REPLY = "period.objection_reply", "招标投标法实施条例 第54条", T,
        "construction: the tenderer replies within 3 日 and suspends the procedure until then";
    CONSTRUCTION_COMPLAINT = "period.construction_complaint", "招标投标法实施条例 第60条", T,
        "construction: complaint within 10 日 of knowing; the wait for the objection reply is not counted";
    SUPERVISOR_REPORT = "period.supervisor_report", "招标投标法 第47条", T,
        "construction: written report to the supervisor within 15 日 of determining the winner";
    GP_REPORT = "period.report_to_purchaser", "政府采购法实施条例 第43条; 财政部令第87号 第68条", T,
        "GP: the report reaches the purchaser within 2 个工作日 of the evaluation";
    GP_DECISION = "period.award_decision", "财政部令第87号 第68条", T,
        "GP: the purchaser decides within 5 个工作日 of the report, in rank order; silent, rank 1 is deemed the winner";
    GP_PUBLISH = "period.result_publish", "政府采购法实施条例 第43条; 财政部令第87号 第69条", T,
        "GP: result announcement within 2 个工作日 of the decision";
    GP_ANNOUNCEMENT = "period.announcement", "财政部令第87号 第69条", T,
        "GP: the result announcement period is 1 个工作日";
    CHALLENGE = "period.challenge", "政府采购法 第52条; 政府采购法实施条例 第53条", T,
        "GP: 质疑 within 7 个工作日 of the legal start (for the result: the end of the announcement period)";
    CHALLENGE_REPLY = "period.challenge_reply", "政府采购法 第53条", T,
        "GP: reply to a 质疑 within 7 个工作日 of receiving it";
    COMPLAINT = "period.complaint", "政府采购法 第55条", T,
        "GP: 投诉 within 15 个工作日 after the reply period ends";
    COMPLAINT_ACCEPTANCE = "period.complaint_acceptance", "招标投标法实施条例 第61条", T,
        "construction: the supervisor decides within 3 个工作日 of receiving a complaint whether to accept it";
    GP_COMPLAINT_REVIEW = "period.complaint_acceptance", "政府采购法 第56条", S,
        "GP: the supervisor reviews a complaint within 5 个工作日 of receiving it (the review period is 财政部令第94号 第21条's)";
    COMPLAINT_DECISION = "period.complaint_decision", "招标投标法实施条例 第61条", T,
        "construction: the supervisor decides within 30 个工作日 (counted from the receipt; time for testing or experts not counted)";
    GP_COMPLAINT_DECISION = "period.complaint_decision", "政府采购法 第56条", T,
        "GP: the supervisor decides within 30 个工作日 of receiving the complaint (time for testing or experts not counted)";
    CONTRACT = "period.contract", "招标投标法 第46条; 政府采购法 第46条", T,
        "contract within 30 日 of the award notice";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_namespaced_and_sources_present() {
        for r in ALL {
            assert!(r.id.contains('.'), "{}", r.id);
            assert!(!r.source.is_empty() && !r.text.is_empty(), "{}", r.id);
        }
    }
}
