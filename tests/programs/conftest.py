from tests.money_fixtures import enrol, invoice_file, participants_file, programme, write_csv  # noqa: F401
