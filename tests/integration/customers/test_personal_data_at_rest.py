"""Phone and email are encrypted at rest, yet findable by exact value."""

from pathlib import Path

from ticketing.domain.customers import CustomerProfile
from ticketing.domain.personal_data import PersonalDataCipher
from ticketing.storage import customers as customer_rows
from ticketing.storage.db import make_engine, migrate

from .conftest import NOW

PEOPLE = [
    CustomerProfile("C2024050001", "王芳", mobile="13812345678", email="wang.fang@example.com"),
    CustomerProfile("C2024050002", "李强", mobile="15900001111", email="liqiang@qq.com"),
]


def _store(engine, cipher: PersonalDataCipher) -> None:
    with engine.begin() as connection:
        customer_rows.insert_profiles(
            connection,
            [
                {**customer_rows.profile_values(p, cipher), "created_at": NOW, "updated_at": NOW}
                for p in PEOPLE
            ],
        )


def test_the_database_file_holds_no_plaintext_phone_or_email(tmp_path: Path, cipher) -> None:
    url = f"sqlite:///{tmp_path / 'at_rest.db'}"
    migrate(url)
    engine = make_engine(url)
    _store(engine, cipher)
    engine.dispose()  # closing the last connection checkpoints the WAL into the main file
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("at_rest.db*"))
    assert b"C2024050001" in raw  # the test reads the right file
    for person in PEOPLE:
        for value in (person.mobile, person.email, person.mobile[3:7] + person.mobile[7:]):
            assert value.encode() not in raw
        assert person.email.split("@")[0].encode() not in raw


def test_customers_are_found_by_exact_phone_or_email_and_decrypt_back(engine, cipher) -> None:
    _store(engine, cipher)
    with engine.connect() as connection:
        assert customer_rows.find_by_contact(connection, cipher, "13812345678", None) == [
            "C2024050001"
        ]
        assert customer_rows.find_by_contact(connection, cipher, None, "liqiang@qq.com") == [
            "C2024050002"
        ]
        assert customer_rows.find_by_contact(connection, cipher, "13812345670", None) == []
        row = customer_rows.get_row(connection, "C2024050001")
        assert (row.mobile_masked, row.email_masked) == ("138****5678", "w***@example.com")
        assert customer_rows.profile_from_row(row, cipher) == PEOPLE[0]
