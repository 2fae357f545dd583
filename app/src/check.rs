//! The page's view of a check: the worker's issues, indexed once per check so the issue panel
//! and the grid read them cheaply — groups per code for the panel, and for each grid row that
//! has issues the range of them (the issues come sorted by row), so a visible cell finds its own
//! in a binary search. The index costs the issues, not the rows: at 1M rows a per-row table was
//! a 100 ms task on the page. No rule lives here: severities, messages and fixes are the engine's.

use crate::grid::Grid;
use crate::protocol::check::{CheckSummary, IssueList, IssueRef};
use minglu::{Code, Severity};

/// The issues of one code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub code: Code,
    pub errors: usize,
    pub warnings: usize,
    /// Issues that carry a fix.
    pub fixable: usize,
    /// Indices into [`CheckView::issues`], in row order.
    pub items: Vec<u32>,
}

impl Group {
    pub fn count(&self) -> usize {
        self.items.len()
    }

    /// The group's colour: error when any of its issues is one.
    pub fn severity(&self) -> Severity {
        if self.errors > 0 {
            Severity::Error
        } else {
            Severity::Warning
        }
    }
}

/// Which rows the grid shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowFilter {
    #[default]
    All,
    /// Rows with at least one error.
    Errors,
    /// Rows with at least one error or warning.
    Problems,
    /// The rows of a set of people the worker listed (a surname letter or a department: issue
    /// #6); the rows are in [`FindState::active`](crate::find::FindState::active).
    Set,
}

/// A check, indexed for the page.
#[derive(Debug, Clone, Default)]
pub struct CheckView {
    pub summary: CheckSummary,
    /// Sorted by row (then column, then code, as the engine sorts them).
    pub issues: IssueList,
    /// Errors first, then by count, then by the codes' documented order.
    pub groups: Vec<Group>,
    /// The grid rows with issues, ascending, each with its issues: `(row, a, b)` → `issues[a..b]`.
    row_range: Vec<(u32, u32, u32)>,
    /// Grid rows with an error, ascending.
    pub error_rows: Vec<u32>,
    /// Grid rows with any issue, ascending.
    pub problem_rows: Vec<u32>,
}

impl CheckView {
    /// Index `issues` for `grid` (`None`: no grid yet — the panel still works, the grid marks
    /// nothing).
    pub fn build(summary: CheckSummary, mut issues: IssueList, grid: Option<&Grid>) -> CheckView {
        if !issues.is_sorted_by_row() {
            issues.sort_by_row(); // stable: keeps column and code order within a row
        }
        // Per code (by its place in `Code::ALL`): how many, then each group's items in one
        // allocation of the right size.
        let mut count = vec![0usize; Code::ALL.len()];
        for n in 0..issues.len() {
            count[issues.code_place(n)] += 1;
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut group_of = vec![usize::MAX; Code::ALL.len()];
        for (k, &c) in count.iter().enumerate().filter(|(_, &c)| c > 0) {
            group_of[k] = groups.len();
            groups.push(Group { code: Code::ALL[k], errors: 0, warnings: 0, fixable: 0, items: Vec::with_capacity(c) });
        }
        for n in 0..issues.len() {
            let issue = issues.head(n);
            let group = &mut groups[group_of[issues.code_place(n)]];
            match issue.severity {
                Severity::Error => group.errors += 1,
                Severity::Warning => group.warnings += 1,
            }
            if issue.has_fix {
                group.fixable += 1;
            }
            group.items.push(n as u32);
        }
        let order = |c: Code| Code::ALL.iter().position(|&x| x == c).unwrap_or(usize::MAX);
        groups.sort_by(|a, b| {
            b.severity().cmp(&a.severity()).then(b.count().cmp(&a.count())).then(order(a.code).cmp(&order(b.code)))
        });

        // Each run of issues on one sheet row, placed on its grid row (both ascending; a row the
        // grid does not show, such as the header, is left out). One pass, into lists sized by a
        // count first: grown by pushing, they were a third of this at 577k issues (298k rows).
        let runs = (0..issues.len()).filter(|&i| i == 0 || issues.head(i).row != issues.head(i - 1).row).count();
        let mut row_range = Vec::with_capacity(if grid.is_some() { runs } else { 0 });
        let (mut error_rows, mut problem_rows) = (Vec::new(), Vec::with_capacity(row_range.capacity()));
        let mut start = 0;
        while start < issues.len() {
            let first = issues.head(start);
            let (mut end, mut error) = (start + 1, first.severity == Severity::Error);
            while end < issues.len() {
                let next = issues.head(end);
                if next.row != first.row {
                    break;
                }
                error |= next.severity == Severity::Error;
                end += 1;
            }
            if let Some(r) = grid.and_then(|g| g.row_of_source(u32::try_from(first.row).ok()?)) {
                let r = r as u32;
                row_range.push((r, start as u32, end as u32));
                problem_rows.push(r);
                if error {
                    error_rows.push(r);
                }
            }
            start = end;
        }
        CheckView { summary, issues, groups, row_range, error_rows, problem_rows }
    }

    /// Where grid row `row`'s issues are in the list.
    fn row_span(&self, row: usize) -> std::ops::Range<usize> {
        match self.row_range.binary_search_by_key(&row, |&(r, _, _)| r as usize) {
            Ok(i) => {
                let (_, a, b) = self.row_range[i];
                a as usize..b as usize
            }
            Err(_) => 0..0,
        }
    }

    /// The issues of grid row `row`.
    pub fn row_issues(&self, row: usize) -> impl ExactSizeIterator<Item = IssueRef<'_>> + Clone + '_ {
        self.issues.slice(self.row_span(row))
    }

    /// The issues of grid row `row` in column `column` (1-based; `None`: the row as a whole).
    /// The grid asks this of every cell it draws: the issues' numbers are read first, the texts
    /// only of the cell's own.
    fn issues_at(&self, row: usize, column: Option<usize>) -> impl Iterator<Item = IssueRef<'_>> + '_ {
        self.row_span(row).filter(move |&i| self.issues.head(i).column == column).map(|i| self.issues.get(i))
    }

    /// The issues of grid row `row` as a whole (no column).
    pub fn whole_row_issues(&self, row: usize) -> impl Iterator<Item = IssueRef<'_>> + '_ {
        self.issues_at(row, None)
    }

    /// The worst severity on grid row `row`.
    pub fn row_severity(&self, row: usize) -> Option<Severity> {
        self.row_span(row).map(|i| self.issues.head(i).severity).max()
    }

    /// The issues on the cell at grid row `row`, 0-based column `col`.
    pub fn cell_issues(&self, row: usize, col: usize) -> impl Iterator<Item = IssueRef<'_>> + '_ {
        self.issues_at(row, Some(col + 1))
    }

    /// The worst severity on a cell.
    pub fn cell_severity(&self, row: usize, col: usize) -> Option<Severity> {
        self.row_span(row).map(|i| self.issues.head(i)).filter(|h| h.column == Some(col + 1)).map(|h| h.severity).max()
    }

    pub fn group(&self, code: Code) -> Option<&Group> {
        self.groups.iter().find(|g| g.code == code)
    }

    /// The grid rows `filter` shows: `None` for all of them.
    pub fn filtered(&self, filter: RowFilter) -> Option<&[u32]> {
        match filter {
            RowFilter::All | RowFilter::Set => None,
            RowFilter::Errors => Some(&self.error_rows),
            RowFilter::Problems => Some(&self.problem_rows),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Grid;
    use minglu::{Cell, Directory, Field, Issue, Opened, Person, Profile, Sheet};

    /// A grid of the people on sheet rows `rows` (a header on row 1, data on rows 2..=7).
    fn grid(rows: &[usize]) -> Grid {
        let sheet = Sheet {
            first_row: 0,
            rows: std::iter::once(vec![Cell::text("姓名"), Cell::text("手机")])
                .chain((2..=7).map(|r| vec![Cell::text(format!("人{r}")), Cell::text("1")]))
                .collect(),
            ..Sheet::default()
        };
        let mapping = minglu::map_columns(&minglu::headers_of(&sheet, 0), Profile::Generic);
        let directory = Directory {
            people: rows.iter().map(|&r| Person { source_row: r, ..Person::default() }).collect(),
            extra_headers: vec![],
        };
        Grid::pack(&Opened { sheet, header_index: 0, mapping, directory })
    }

    fn issue(row: usize, column: Option<usize>, code: Code, severity: Severity, fix: bool) -> Issue {
        Issue {
            row,
            column,
            field: Some(Field::Mobile),
            code,
            severity,
            message: format!("{code} on {row}"),
            value: String::new(),
            fix: fix.then(|| "x".into()),
            related_rows: vec![],
        }
    }

    #[test]
    fn indexes_rows_cells_and_groups() {
        // Grid rows 0..5 are sheet rows 2, 3, 5, 6, 7 (row 4 is not in the grid).
        let g = grid(&[2, 3, 5, 6, 7]);
        assert_eq!(g.cell(2, 0), "人5");
        let issues = vec![
            issue(1, None, Code::RequiredMissing, Severity::Error, false), // above the grid
            issue(2, Some(2), Code::MobileFormat, Severity::Warning, true),
            issue(2, Some(2), Code::MobileDuplicate, Severity::Error, false),
            issue(4, None, Code::RequiredMissing, Severity::Error, false), // not in the grid
            issue(5, Some(2), Code::MobileFormat, Severity::Warning, true),
            issue(6, None, Code::RequiredMissing, Severity::Error, false),
            issue(9, None, Code::RequiredMissing, Severity::Error, false), // below the grid
        ];
        let v = CheckView::build(CheckSummary::default(), IssueList::of(&issues), Some(&g));
        assert_eq!(v.row_issues(0).len(), 2);
        assert_eq!(v.row_issues(1).len(), 0);
        assert_eq!(v.row_issues(2).len(), 1);
        assert_eq!(v.row_issues(2).next().unwrap().row, 5);
        assert_eq!(v.row_issues(3).len(), 1);
        assert_eq!(v.row_issues(3).next().unwrap().row, 6);
        assert_eq!(v.row_issues(4).len(), 0);
        assert_eq!(v.row_issues(99).len(), 0);
        assert_eq!(v.cell_severity(0, 1), Some(Severity::Error));
        assert_eq!(v.cell_severity(0, 0), None);
        assert_eq!(v.cell_severity(2, 1), Some(Severity::Warning));
        assert_eq!(v.row_severity(3), Some(Severity::Error));
        assert_eq!(v.error_rows, [0, 3]);
        assert_eq!(v.problem_rows, [0, 2, 3]);
        assert_eq!(v.filtered(RowFilter::All), None);
        assert_eq!(v.filtered(RowFilter::Errors), Some(&[0u32, 3][..]));

        // Errors first (required.missing: 4, mobile.duplicate: 1), then warnings.
        let codes: Vec<Code> = v.groups.iter().map(|g| g.code).collect();
        assert_eq!(codes, [Code::RequiredMissing, Code::MobileDuplicate, Code::MobileFormat]);
        let f = v.group(Code::MobileFormat).unwrap();
        assert_eq!((f.count(), f.fixable, f.severity()), (2, 2, Severity::Warning));
    }

    #[test]
    fn works_without_a_grid_and_with_unsorted_issues() {
        let issues = vec![
            issue(5, None, Code::RequiredMissing, Severity::Error, false),
            issue(2, Some(2), Code::MobileFormat, Severity::Warning, true),
        ];
        let v = CheckView::build(CheckSummary::default(), IssueList::of(&issues), None);
        assert_eq!(v.issues.get(0).row, 2);
        assert_eq!(v.issues.get(1).row, 5);
        assert_eq!(v.groups.len(), 2);
        assert_eq!(v.row_issues(0).len(), 0);
        assert!(v.error_rows.is_empty());
    }
}
