//! The whole conformance suite, each test in its own fresh database (see `support`).

mod support;

use support::with_store;

store_tests::conformance_tests!(with_store);
