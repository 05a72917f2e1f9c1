"""customerDetails reads its parts in fewer queries, with the same results as the helpers."""

from __future__ import annotations

from ref_helpers import Kit

from reference_impl import loyalty_store as ls
from reference_impl import views


def test_one_query_for_programs_and_standings(kit: Kit) -> None:
    kit.register(mobile="919812300001", email="q@example.com", cardnumber="C-77")
    with kit.state.store.read() as conn:
        customers = [int(r[0]) for r in conn.execute("SELECT id FROM customers")]
        orgs = [int(r[0]) for r in conn.execute("SELECT id FROM orgs")]
        for org in orgs:
            for customer in customers:
                expected = [
                    (p, ls.standing(conn, customer, p.program_id)) for p in ls.programs(conn, org)
                ]
                assert ls.standings(conn, org, customer) == expected
    assert len(customers) > 5


def test_one_query_for_both_forms_of_the_identifiers(kit: Kit) -> None:
    kit.register(mobile="919812300002", email="r@example.com", cardnumber="C-78")
    with kit.state.store.read() as conn:
        for (customer,) in conn.execute("SELECT id FROM customers").fetchall():
            rows = views.identifier_rows(conn, customer)
            assert views.identifiers(conn, customer, rows) == views.identifiers(conn, customer)
            assert {t: v for t, _, v in rows} == views.identifier_values(conn, customer)
