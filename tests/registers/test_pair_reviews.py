"""Confirming or dismissing a probable-duplicate pair on the screening page, and the next screening
remembering it (issue: probable duplicates, item 4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lindung.audit.models import AuditEvent
from lindung.domain.exchange import APPLICANTS
from lindung.jobs.models import Job
from lindung.registers.models import PairReview

from .conftest import csv_upload
from .test_dedupe import one_digit_off, others, probable, rizki_pair

RULESET = "balikpapan-perwali-3-2025"


def batch() -> list[dict]:
    first, second = rizki_pair()
    rows = others(8)
    rows.insert(1, first)  # row 2
    rows.insert(6, second)  # row 7
    return rows


def test_a_dismissed_pair_is_not_flagged_and_a_confirmed_one_is_flagged_whatever_its_score():
    rows = batch()
    first, second = rows[1]["nik"], rows[6]["nik"]
    assert probable(rows)[7][0] == 2
    assert 7 not in probable(rows, reviews=[(second, first, "berbeda")])  # either order
    # Two rows the model would never pair, judged one person by an officer: flagged, and the words say why.
    far = rows[4]["nik"]
    found = probable(rows, reviews=[(rows[2]["nik"], far, "sama")])
    assert found[5][0] == 3 and found[5][1].startswith("dinyatakan orang yang sama oleh petugas")


def test_dismissing_one_link_of_a_group_points_the_row_at_its_other_partner():
    rows = batch()
    third = {**rows[6], "nik": one_digit_off(rows[6]["nik"], 11), "nama": "Muhammad Rizky"}
    rows.append(third)  # row 11: a third spelling, close to both
    plain = probable(rows)
    assert plain[7][0] == 2 and plain[11][0] == 2
    reviewed = probable(rows, reviews=[(rows[1]["nik"], third["nik"], "berbeda")])
    assert reviewed[11][0] == 7  # not the row an officer said is someone else


def screen(client, tmp_path, rows, capture) -> Job:
    seen = set(Job.objects.values_list("pk", flat=True))
    with capture(execute=True):
        response = client.post(reverse("registers:screening"),
                               {"applicants": csv_upload(tmp_path, "pendaftar.csv", rows, APPLICANTS.columns),
                                "ruleset": RULESET})
    assert response.status_code == 302
    job = Job.objects.exclude(pk__in=seen).get()  # job keys are UUIDs: not ordered by creation
    assert job.status == Job.Status.SELESAI, job.error
    return job


def flagged(job) -> set[int]:
    from lindung.registers import selectors

    return {r["baris"] for r in selectors.result_rows(job, alasan="KEMUNGKINAN_GANDA").rows}


def test_an_officer_dismisses_a_pair_on_the_page_and_the_next_screening_remembers(
        client, users, tmp_path, reference_data, django_capture_on_commit_callbacks):
    client.force_login(users["dinsos"])
    rows = batch()
    job = screen(client, tmp_path, rows, django_capture_on_commit_callbacks)
    assert flagged(job) == {7}
    page = client.get(reverse("registers:screening_result", args=[job.pk]), {"alasan": "KEMUNGKINAN_GANDA"})
    html = page.content.decode()
    assert "Serupa baris 2: Muhammad Rizki" in html and "Bukan orang yang sama" in html
    assert rows[1]["nik"] not in html  # the partner's NIK is masked too

    response = client.post(reverse("registers:screening_pair", args=[job.pk]),
                           {"baris": "7", "keputusan": "berbeda", "kembali": "alasan=KEMUNGKINAN_GANDA"})
    assert response.status_code == 302 and response["Location"].endswith("?alasan=KEMUNGKINAN_GANDA#baris-7")
    review = PairReview.objects.get()
    assert (review.verdict, review.decided_by, review.screening_id) == ("berbeda", users["dinsos"], job.pk)
    assert {review.nik_a, review.nik_b} == {rows[1]["nik"], rows[6]["nik"]}
    event = AuditEvent.objects.get(action="engine.pair.review")
    assert event.after["keputusan"] == "berbeda" and event.after["baris_serupa"] == 2
    shown = client.get(reverse("registers:screening_result", args=[job.pk]), {"alasan": "KEMUNGKINAN_GANDA"})
    assert "diputuskan dinsos" in shown.content.decode()

    again = screen(client, tmp_path, rows, django_capture_on_commit_callbacks)
    assert flagged(again) == set()

    # Changing one's mind: the same pair, judged one person after all, is flagged again next time.
    client.post(reverse("registers:screening_pair", args=[job.pk]), {"baris": "7", "keputusan": "sama"})
    assert PairReview.objects.get().verdict == "sama"
    assert AuditEvent.objects.filter(action="engine.pair.review").count() == 2
    assert flagged(screen(client, tmp_path, rows, django_capture_on_commit_callbacks)) == {7}


@pytest.mark.parametrize(("who", "status"), [("dishub", 404), ("auditor", 403)])
def test_only_an_officer_who_may_screen_and_see_the_screening_may_judge_its_pairs(
        client, users, tmp_path, reference_data, django_capture_on_commit_callbacks, who, status):
    client.force_login(users["dinsos"])
    job = screen(client, tmp_path, batch(), django_capture_on_commit_callbacks)
    client.force_login(users[who])  # another agency cannot see it; the auditor sees it but does not screen
    response = client.post(reverse("registers:screening_pair", args=[job.pk]), {"baris": "7", "keputusan": "berbeda"})
    assert response.status_code == status
    assert not PairReview.objects.exists()


def test_a_row_that_is_not_flagged_cannot_be_judged(client, users, tmp_path, reference_data,
                                                     django_capture_on_commit_callbacks):
    client.force_login(users["dinsos"])
    job = screen(client, tmp_path, batch(), django_capture_on_commit_callbacks)
    response = client.post(reverse("registers:screening_pair", args=[job.pk]), {"baris": "3", "keputusan": "sama"},
                           follow=True)
    assert "tidak ditandai kemungkinan ganda" in response.content.decode()
    assert not PairReview.objects.exists()
