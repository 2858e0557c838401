//! Every row and column key that a rule, a quantity wording, the template, the
//! editor or the importer names exists in the format it is used with: a typo
//! would otherwise switch a rule or a feature off silently.

use super::quantities::{ORGANISATION_COLUMNS, QUANTITIES};
use super::{FormatVersion, TableId, t2, t3, t4, table_def};

fn has_row(version: FormatVersion, table: TableId, key: &str) -> bool {
    table_def(version, table).field(key).is_some()
}

#[test]
fn rows_the_rules_name_exist_in_every_format() {
    for v in FormatVersion::ALL {
        for key in [t2::REGULATIONS, t2::NORMATIVE_DOCUMENTS, t2::FEES] {
            assert!(has_row(v, TableId::Two, key), "{v:?} table2.{key}");
        }
        for key in [t3::NEW, t3::CARRIED_OVER, t3::TOTAL, t3::CARRY_FORWARD] {
            assert!(has_row(v, TableId::Three, key), "{v:?} table3.{key}");
        }
        // R8 and C6 apply only where the row of unpaid fees exists.
        assert_eq!(
            has_row(v, TableId::Three, t3::FEE_UNPAID),
            v.has_fee_rules(),
            "{v:?} table3.{}",
            t3::FEE_UNPAID
        );
        for key in [t4::REVIEW, t4::DIRECT_SUIT, t4::SUIT_AFTER_REVIEW] {
            let (_, field) = table_def(v, TableId::Four).field(key).expect(key);
            for column in [t4::UPHELD, t4::TOTAL] {
                assert!(
                    field.columns.iter().any(|c| c.key == column),
                    "{v:?} table4.{key} column {column}"
                );
            }
        }
        // R6 chains these columns of the two document rows.
        let cols = v.documents_in_force();
        for key in [t2::REGULATIONS, t2::NORMATIVE_DOCUMENTS] {
            let (_, field) = table_def(v, TableId::Two).field(key).expect(key);
            for column in [cols.in_force].iter().chain(cols.added).chain(cols.removed) {
                assert!(
                    field.columns.iter().any(|c| c.key == *column),
                    "{v:?} table2.{key} column {column}"
                );
            }
        }
    }
}

#[test]
fn rows_and_columns_of_every_wording_exist() {
    for q in QUANTITIES {
        // Each row prefix names rows of the quantity's table, and each column it
        // sums is a column of those rows, in at least one format (a wording of
        // one format's rows or columns finds nothing in the other's, by design).
        for prefix in q.fields {
            let rows: Vec<_> = FormatVersion::ALL
                .iter()
                .flat_map(|&v| &table_def(v, q.table).fields)
                .filter(|f| f.key.starts_with(prefix))
                .collect();
            assert!(
                !rows.is_empty(),
                "quantity {}: no row {prefix}* in {}",
                q.key,
                q.table.key()
            );
            for column in q.columns {
                assert!(
                    rows.iter()
                        .any(|f| f.columns.iter().any(|c| c.key == *column)),
                    "quantity {}: no row {prefix}* of {} has a column {column}",
                    q.key,
                    q.table.key()
                );
            }
        }
    }
    for v in FormatVersion::ALL {
        let (_, field) = table_def(v, TableId::Three)
            .field(t3::NEW)
            .expect("new requests");
        for column in ORGANISATION_COLUMNS {
            assert!(
                field.columns.iter().any(|c| c.key == *column),
                "{v:?} {column}"
            );
        }
    }
}

#[test]
fn rows_the_template_editor_and_import_name_exist_in_every_format() {
    for v in FormatVersion::ALL {
        let three = table_def(v, TableId::Three);
        // `new --from` carries 结转下年度继续办理 into 上年结转; the editor's
        // balance of table 三 and its computed 总计 row name these rows.
        for key in [t3::NEW, t3::CARRIED_OVER, t3::TOTAL, t3::CARRY_FORWARD] {
            assert!(three.field(key).is_some(), "{v:?} table3.{key}");
        }
        // `new --from` proposes last year's stock in table 二's stock column.
        let stock = v.documents_in_force().in_force;
        assert!(
            table_def(v, TableId::Two)
                .fields
                .iter()
                .any(|f| f.columns.iter().any(|c| c.key == stock)),
            "{v:?} table2 column {stock}"
        );
        // Import reads a table 三 printed on the next format's form into this
        // format's （六）其他处理 row: the row and the rows it was split into exist.
        if let Some(next) = v.successor() {
            let other = |f: &super::Field| f.label.contains("其他处理");
            let split = |f: &super::Field| f.context.iter().any(|g| g.contains("其他处理"));
            assert!(
                three
                    .fields
                    .iter()
                    .any(|f| f.context.len() == 1 && other(f)),
                "{v:?} table3 其他处理"
            );
            assert!(
                table_def(next, TableId::Three).fields.iter().any(split),
                "{next:?} table3 rows under 其他处理"
            );
        }
    }
}
