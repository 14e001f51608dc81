//! Writing the imported plan as a commented YAML dataset.

use crate::plan::model::Plan;

/// Writes a plan as YAML, with a header comment explaining the fields to an editor.
pub fn to_yaml(plan: &Plan) -> String {
    const HEADER: &str = "\
# แผนปฏิบัติการป้องกันการทุจริต: the dataset phaen typesets.
#
# plan:    title, organization, fiscal_year (พ.ศ.), as_of (YYYY-MM-DD, พ.ศ. year),
#          issuer (ผู้ออกรายงาน) and the มิติ (dimensions) named in the legend.
# rows:    the plan table, in order: its ลำดับ is the position (starred rows
#          numbered after the others). name, dimension (มิติ), starred: true for
#          the starred rows (*1), budget in baht as a quoted string with two
#          decimals, quarters (ไตรมาส 1-4), an optional remark (หมายเหตุ) and an
#          optional key (a short name sheets may link by).
# sheets:  one per unstarred row, in order (ลำดับที่ is the position); `project`
#          names the table row by its name (or key), which supplies the
#          project name and budget. Sections: rationale (๒), objectives (๓),
#          targets (๔), method (๕), period (๖), responsible (๘), outputs and
#          outcomes (๙). Section ๗ comes from the row's budget.
#          A section is a list of blocks: a paragraph (a string), `items:` (a
#          numbered list; an item with `text:` and `body:` holds nested blocks) or
#          `bullets:` (a dash list). Numbers are never typed: phaen numbers
#          sections, items (๑), ๒)) and nested items (๒.๑)) itself.
";
    // The numbers the source printed are positions, which phaen derives: a dataset without
    // them takes an inserted row in one edit. Sheets name their rows by the name.
    let mut plan = plan.clone();
    plan.rows.iter_mut().for_each(|r| r.number = None);
    plan.sheets.iter_mut().for_each(|s| s.number = None);
    let options = serde_saphyr::ser_options! { yaml_12: true, no_lang_directive: true };
    let body = serde_saphyr::to_string_with_options(&plan, options).expect("a plan always serializes");
    format!("{HEADER}\n{}", flow_quarters(&body))
}

/// Writes each `quarters:` list on one line, `quarters: [1, 2, 3, 4]`.
pub(super) fn flow_quarters(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len());
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        if line.trim_start() == "quarters:" {
            let indent = &line[..line.len() - "quarters:".len()];
            let mut quarters = Vec::new();
            while let Some(q) = lines.peek().and_then(|l| l.strip_prefix(indent)?.strip_prefix("- ")) {
                quarters.push(q.trim());
                lines.next();
            }
            out.push_str(&format!(" [{}]", quarters.join(", ")));
        }
        out.push('\n');
    }
    out
}

/// The comment `next-year` puts after the as-of date it carried over, which `check`
/// warns about until the officer sets the real date and removes it.
pub const TO_CONFIRM: &str = "# ยืนยันวันที่ / to confirm";
