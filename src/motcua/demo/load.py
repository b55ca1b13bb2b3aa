"""Generate realistic load data: years of dossiers of a province, fast, with valid history and counters.

`motcua generate_load_data --dossiers N --province 40` fills the database with N dossiers of the
province's procedures over the last `years` years, as the services would have written them:

* channels: at the desk, by post, online (online only for procedures offered online);
* every stage of the life of a dossier (national status codes 1–10): waiting for acceptance,
  received, in progress, awaiting a supplement, resolved early / on time / late, returned, refused
  at intake, withdrawn, stopped (on request, or because a supplement did not come in 15 days), plus
  a backlog of stalled dossiers that end up overdue; supplements restart the clock, some leaders
  extend the due date once, with an apology;
* each dossier's events carry a valid SHA-256 chain built from the same canonical content the
  services write (`dossiers.audit`), so `motcua verify_audit` passes;
* clock starts and due instants come from the real working calendar and deadline rules
  (`workdays.selectors.get_calendar`, `workdays.deadlines`), including the receipt explanation;
* codes `{agency electronic id}-{yyMMdd}-{NNNN}` are numbered in time order per agency and day,
  and `DossierCodeSequence` is raised so later intakes continue the numbering;
* `DailyCounter` and `PendingCounter` receive exactly what the events imply, so
  `motcua reconcile_counters` passes.

Accounts: citizens who submit online get generated accounts (one in a hundred is a busy agent who
files a tenth of the online dossiers, dozens each); the demo citizen `congdan` is topped up to own
exactly 50 dossiers. Agencies
and centres without staff for a role get generated officers. Generated accounts have usernames
starting with `load.` and unusable passwords.

Speed: every value is precomputed or cached (deadlines, explanations, JSON fragments, ISO
instants); rows are written as COPY text by a writer thread while the next chunk is generated.
Simplifications, stated: papers are listed without scanned files; transfers, consultations and
financial obligations are not generated; versions are used for the whole period whatever their
effective date.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import json
import random
import time as clock_time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, transaction

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion, ProcessStep, RequiredPaper
from motcua.core.text import nfc
from motcua.core.timeutil import VN_TZ
from motcua.dossiers.audit import GENESIS
from motcua.dossiers.clock import duration_of
from motcua.dossiers.models import (
    DailyCounter,
    Dossier,
    DossierCodeSequence,
    DossierComponent,
    DossierEvent,
    DueDateChange,
    PendingCounter,
)
from motcua.dossiers.services._common import ARTICLE_CLOCK_START, ARTICLE_EXTENSION, ARTICLE_SUPPLEMENT
from motcua.organisations.models import Role, ServiceCentre
from motcua.workdays import deadlines as dl
from motcua.workdays.selectors import get_calendar

from . import data
from .load_bulk import (
    NULL,
    PostgresCopySink,
    Sink,
    SqliteSink,
    TableSpec,
    add_to_counters,
    analyze,
    copy_text,
    lock_tables,
    next_ids,
    raise_sequences,
    reset_id_sequences,
    restore_indexes,
    set_aside_indexes,
    table_spec,
    tune_session_for_load,
)
from .load_people import LOAD_PREFIX, Officer, People, Person
from .load_time import Deadlines, Instant, Limit, Timeline, _jdump

SQLITE_LIMIT = 20_000
CONGDAN_DOSSIERS = 50
CHUNK = 10_000
ARTICLE_21 = "Nghị định 118/2025/NĐ-CP, Điều 21"

# Share of all dossiers for the procedures the demo's own staff handle, so their queues are long.
HOT_PROCEDURES = {data.EXTRACT_PROCEDURE["code"]: 0.10, data.CERTIFY_PROCEDURE["code"]: 0.08}


class LoadRefused(Exception):
    """The load cannot run as asked (already loaded, SQLite too small, no procedures)."""


REFUSAL_REASONS = (
    "Tờ khai thiếu chữ ký của người yêu cầu; đề nghị nộp lại tờ khai có chữ ký.",
    "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan; đề nghị nộp tại Ủy ban nhân dân cấp xã nơi cư trú.",
    "Bản chụp giấy tờ không rõ, không đọc được nội dung; đề nghị nộp lại bản chụp rõ nét.",
)
MISSING_PAPERS = (
    "Bổ sung bản sao Giấy khai sinh có chứng thực.",
    "Bổ sung văn bản ủy quyền có chứng thực chữ ký của người ủy quyền.",
    "Tờ khai ghi thiếu nơi cư trú; đề nghị khai bổ sung và ký lại tờ khai.",
    "Bổ sung bản vẽ hiện trạng có xác nhận của đơn vị đo đạc.",
)
WITHDRAW_REASONS = (
    "Người nộp đề nghị rút hồ sơ để bổ sung thông tin.",
    "Người nộp không còn nhu cầu giải quyết.",
)
STOP_REASONS = ("Người nộp đề nghị dừng giải quyết hồ sơ bằng văn bản.",)
EXTENSION_REASONS = (
    "Cần xác minh thêm thông tin với cơ quan liên quan; xin lỗi ông/bà vì sự chậm trễ.",
    "Hồ sơ phức tạp, cần thêm thời gian thẩm định; trân trọng xin lỗi người nộp hồ sơ.",
)


# -- reference data -----------------------------------------------------------------------------------


@dataclass
class _Step:
    id: int
    kind: str
    role: str
    name_json: str
    name_copy: str
    hours: Decimal
    desk: bool
    limit: Limit  # the step's allotted working time (Decree 118 Art 12(3))
    share: float = 0.0  # its part of the procedure's processing time


@dataclass
class _Procedure:
    version_id: int
    procedure_id: int
    code: str
    agency_id: int
    prefix: str
    prefix_json_ok: bool
    centre_id: int
    limit: Limit
    online_level: str
    steps: list[_Step]
    papers: list[tuple[int, str, str, int, bool]]  # id, name (COPY), form, count, required
    summary: str  # COPY-escaped
    weight: float = 1.0
    processing: list[int] = field(default_factory=list)  # indexes of non-desk steps
    hours_total: Decimal = Decimal(0)


@dataclass
class LoadReport:
    dossiers: int = 0
    events: int = 0
    components: int = 0
    due_changes: int = 0
    citizens: int = 0
    officers: int = 0
    congdan_dossiers: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    phases: dict[str, float] = field(default_factory=dict)
    bulk_mode: bool = False

    @property
    def seconds(self) -> float:
        return sum(self.phases.values())

    @property
    def rate(self) -> float:
        """Dossiers per second over the whole load (generation, COPY, indexes, counters)."""
        return self.dossiers / self.seconds if self.seconds else 0.0


# -- the generator ------------------------------------------------------------------------------------


DOSSIER_COLUMNS = (
    "id",
    "code",
    "procedure_version_id",
    "competent_agency_id",
    "handling_agency_id",
    "assignee_id",
    "receiving_centre_id",
    "channel",
    "status",
    "current_step_id",
    "step_started_at",
    "step_due_at",
    "applicant_id",
    "applicant_name",
    "applicant_personal_id",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "request_summary",
    "return_centre_id",
    "delivery",
    "delivery_address",
    "copies",
    "submitted_at",
    "received_at",
    "clock_started_at",
    "due_at",
    "acceptance_due_at",
    "resolved_at",
    "returned_at",
    "closed_at",
    "supplement_requested_at",
    "supplement_expires_at",
    "paused_at",
    "extension_count",
    "correction_due_at",
    "version",
    "province_code",
)
EVENT_COLUMNS = (
    "id",
    "dossier_id",
    "seq",
    "type",
    "at",
    "actor_id",
    "actor_name",
    "from_status",
    "to_status",
    "step_name",
    "note",
    "is_public",
    "data",
    "prev_hash",
    "hash",
)
COMPONENT_COLUMNS = (
    "id",
    "dossier_id",
    "required_paper_id",
    "name",
    "form",
    "count",
    "file_id",
    "digitised_id",
)
DUE_CHANGE_COLUMNS = ("id", "dossier_id", "event_id", "cause", "article", "before", "after", "at", "actor_id")
USER_COLUMNS = (
    "id",
    "password",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
    "kind",
    "full_name",
    "personal_id",
    "phone",
    "address",
)
LOADED_TABLES = (
    Dossier._meta.db_table,
    DossierEvent._meta.db_table,
    DossierComponent._meta.db_table,
    DueDateChange._meta.db_table,
)

COUNTER = 1
ONLINE = 2
POSTAL = 3
_DL_CHANNEL = {COUNTER: dl.Channel.COUNTER, ONLINE: dl.Channel.ONLINE, POSTAL: dl.Channel.POSTAL}
_RECEIVED_COLUMN = {COUNTER: 0, ONLINE: 1, POSTAL: 2}
_DAILY = (
    "received_counter",
    "received_online",
    "received_postal",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "refused",
    "withdrawn",
    "stopped",
)
EARLY, ON_TIME, LATE, REFUSED_COL, WITHDRAWN_COL, STOPPED_COL = 3, 4, 5, 6, 7, 8


def generate_load_data(
    *,
    dossiers: int,
    province: str,
    now: datetime,
    years: int = 2,
    seed: int = 20260302,
    append: bool = False,
    progress: Callable[[str], None] | None = None,
) -> LoadReport:
    """Generate `dossiers` dossiers for the province's procedures over the `years` before `now`."""
    if dossiers < 1:
        raise LoadRefused("--dossiers must be at least 1")
    if years < 1:
        raise LoadRefused("--years must be at least 1")
    if connection.vendor == "sqlite" and dossiers > SQLITE_LIMIT:
        raise LoadRefused(
            f"SQLite is the quick start's database; generate at most {SQLITE_LIMIT:,} dossiers there, "
            "or point DATABASE_URL at PostgreSQL for load data."
        )
    if connection.vendor not in ("postgresql", "sqlite"):
        raise LoadRefused(f"unsupported database {connection.vendor}")
    previous = User.objects.filter(username__startswith=LOAD_PREFIX).count()
    if previous and not append:
        raise LoadRefused(
            f"load data was already generated in this database ({previous:,} generated accounts); "
            "run again with --append to add more dossiers"
        )
    generator = _Generator(
        total=dossiers, province=province, now=now, years=years, seed=seed, progress=progress
    )
    with transaction.atomic():
        return generator.run()


class _Generator:
    def __init__(
        self,
        *,
        total: int,
        province: str,
        now: datetime,
        years: int,
        seed: int,
        progress: Callable[[str], None] | None,
    ) -> None:
        self.total = total
        self.province = province
        self.now = now.astimezone(VN_TZ)
        self.years = years
        self.rng = random.Random(seed)  # noqa: S311 - reproducible load data, not secrets
        self.say = progress or (lambda _message: None)
        self.report = LoadReport()

    # -- setup ----------------------------------------------------------------------------------

    def _load_procedures(self, dls: Deadlines) -> list[_Procedure]:
        versions: dict[int, ProcedureVersion] = {}
        for v in (
            ProcedureVersion.objects.filter(competent_agency__province_code=self.province)
            .select_related("procedure", "competent_agency")
            .order_by("procedure_id", "effective_from", "pk")
        ):
            versions[v.procedure_id] = v  # the latest version of each procedure
        steps: dict[int, list[ProcessStep]] = {}
        for s in ProcessStep.objects.filter(process__version__in=list(versions.values())).select_related(
            "process"
        ):
            steps.setdefault(s.process.version_id, []).append(s)
        papers: dict[int, list[RequiredPaper]] = {}
        for rp in RequiredPaper.objects.filter(version__in=list(versions.values())).order_by("order", "pk"):
            papers.setdefault(rp.version_id, []).append(rp)
        result = []
        for v in versions.values():
            agency = v.competent_agency
            ordered = sorted(steps.get(v.pk, []), key=lambda s: s.order)
            if (
                agency.service_centre_id is None
                or len(ordered) < 3
                or ordered[0].kind != ProcessStep.Kind.RECEIVE
                or ordered[-1].kind != ProcessStep.Kind.RETURN
            ):
                continue
            name = nfc(v.procedure.name)
            proc = _Procedure(
                version_id=v.pk,
                procedure_id=v.procedure_id,
                code=v.procedure.code,
                agency_id=agency.pk,
                prefix=agency.electronic_id,
                prefix_json_ok=json.dumps(agency.electronic_id) == f'"{agency.electronic_id}"',
                centre_id=agency.service_centre_id,
                limit=dls.limit(duration_of(v)),
                online_level=str(v.online_level),
                steps=[
                    _Step(
                        id=s.pk,
                        kind=s.kind,
                        role=s.role,
                        name_json=json.dumps(s.name, ensure_ascii=False),
                        name_copy=copy_text(s.name),
                        hours=Decimal(s.allotted_hours),
                        desk=s.kind in (ProcessStep.Kind.RECEIVE, ProcessStep.Kind.RETURN),
                        limit=dls.limit(dl.WorkingHours(Decimal(s.allotted_hours))),
                    )
                    for s in ordered
                ],
                papers=[
                    (rp.pk, copy_text(rp.name), str(rp.form), int(rp.count), bool(rp.is_required))
                    for rp in papers.get(v.pk, [])
                ],
                summary=copy_text(f"Đề nghị giải quyết thủ tục: {name[:1].lower()}{name[1:]}"),
            )
            if not proc.prefix_json_ok:
                raise LoadRefused(f"agency electronic id {agency.electronic_id!r} needs JSON escaping")
            proc.processing = [i for i, s in enumerate(proc.steps) if not s.desk]
            proc.hours_total = sum((proc.steps[i].hours for i in proc.processing), Decimal(0)) or Decimal(1)
            for step in proc.steps:
                step.share = float(step.hours / proc.hours_total)
            result.append(proc)
        if not result:
            raise LoadRefused(
                f"province {self.province} has no procedure with an internal process; "
                "load the demo first (motcua seed_demo --no-dossiers)"
            )
        rng = self.rng
        hot_total = sum(HOT_PROCEDURES.get(p.code, 0.0) for p in result)
        others = [p for p in result if p.code not in HOT_PROCEDURES]
        raw = {id(p): rng.lognormvariate(0, 0.8) for p in others}
        raw_sum = sum(raw.values()) or 1.0
        for p in result:
            if p.code in HOT_PROCEDURES:
                p.weight = HOT_PROCEDURES[p.code]
            else:
                p.weight = (1.0 - hot_total) * raw[id(p)] / raw_sum
        return result

    # -- run --------------------------------------------------------------------------------------

    def run(self) -> LoadReport:
        report = self.report
        t0 = clock_time.perf_counter()
        calendar = get_calendar()
        now_day = self.now.date()
        first_day = now_day - timedelta(days=round(365.25 * self.years))
        timeline = Timeline(calendar, first_day - timedelta(days=7), now_day + timedelta(days=400))
        deadlines = Deadlines(calendar, timeline)
        self.tl, self.dls = timeline, deadlines
        procedures = self._load_procedures(deadlines)
        centres = sorted(
            {p.centre_id for p in procedures} | set(ServiceCentre.objects.values_list("pk", flat=True))
        )
        people = self.people = People(self.rng, self.province)
        agency_roles = [(p.agency_id, s.role) for p in procedures for s in p.steps if not s.desk]
        agency_roles += [(p.agency_id, Role.LEADER) for p in procedures]
        self.by_agency, self.by_centre, self.report.officers = people.officers(
            agency_roles=agency_roles, centres=centres
        )
        congdan = User.objects.filter(username=data.CITIZENS[0][0], kind=User.Kind.CITIZEN).first()
        congdan_target = 0
        if congdan is not None:
            congdan_target = max(0, CONGDAN_DOSSIERS - Dossier.objects.filter(applicant=congdan).count())
            congdan_target = min(congdan_target, self.total)
        addresses = people.addresses()

        bulk = connection.vendor == "postgresql" and Dossier.objects.count() < self.total
        report.bulk_mode = bulk
        tune_session_for_load()
        lock_tables((*LOADED_TABLES, DossierCodeSequence._meta.db_table, User._meta.db_table))
        ids = {t: next_ids(t) for t in (*LOADED_TABLES, User._meta.db_table)}
        sequences = {
            (row["prefix"], row["day"]): row["last"]
            for row in DossierCodeSequence.objects.filter(
                prefix__in={p.prefix for p in procedures}, day__gte=timeline.first_day
            ).values("prefix", "day", "last")
        }
        aside = set_aside_indexes(LOADED_TABLES) if bulk else None
        report.phases["setup"] = clock_time.perf_counter() - t0

        t1 = clock_time.perf_counter()
        plan = self._plan(procedures, timeline, congdan_target)
        online_count = sum(1 for _key, ch, _f in plan if ch == ONLINE)
        n_citizens = max(20, online_count // 4)
        citizens, user_lines = people.citizens(
            n_citizens, first_id=ids[User._meta.db_table], joined=self.now.isoformat(), addresses=addresses
        )
        report.citizens = len(citizens)
        congdan_person = None
        if congdan is not None:
            congdan_person = Person(
                copy_text(congdan.full_name),
                congdan.personal_id or "",
                congdan.phone,
                congdan.email,
                copy_text(congdan.address),
                str(congdan.pk),
            )
        report.phases["plan"] = clock_time.perf_counter() - t1

        t2 = clock_time.perf_counter()
        sink: Sink = PostgresCopySink() if connection.vendor == "postgresql" else SqliteSink()
        specs = {
            "user": table_spec(User, USER_COLUMNS),
            "dossier": table_spec(Dossier, DOSSIER_COLUMNS),
            "event": table_spec(DossierEvent, EVENT_COLUMNS),
            "component": table_spec(DossierComponent, COMPONENT_COLUMNS),
            "due": table_spec(DueDateChange, DUE_CHANGE_COLUMNS),
        }
        collecting = gc.isenabled()
        gc.disable()  # millions of long-lived cache entries and rows: collection passes only cost time
        try:
            suffix = specs["user"].suffix
            sink.write(specs["user"], "".join(f"{line}{suffix}\n" for line in user_lines))
            daily, pending, used = self._generate(
                plan=plan,
                procedures=procedures,
                centres=centres,
                citizens=citizens,
                congdan=congdan_person,
                sequences=sequences,
                ids=ids,
                specs=specs,
                sink=sink,
                addresses=addresses,
            )
        finally:
            sink.close()
            if collecting:
                gc.enable()
        report.phases["generate_and_copy"] = clock_time.perf_counter() - t2

        t3 = clock_time.perf_counter()
        if aside is not None:
            self.say("rebuilding indexes and constraints")
            restore_indexes(aside)
        report.phases["indexes"] = clock_time.perf_counter() - t3

        t4 = clock_time.perf_counter()
        day = timeline.day
        add_to_counters(
            table=DailyCounter._meta.db_table,
            key_columns=("agency_id", "procedure_id", "day"),
            count_columns=_DAILY,
            rows=[(a, p, day(d), *counts) for (a, p, d), counts in sorted(daily.items())],
        )
        add_to_counters(
            table=PendingCounter._meta.db_table,
            key_columns=("agency_id", "procedure_id", "due_day"),
            count_columns=("pending",),
            rows=[(a, p, day(d), n) for (a, p, d), n in sorted(pending.items()) if n],
        )
        raise_sequences(
            table=DossierCodeSequence._meta.db_table,
            rows=[(prefix, day_, last) for (prefix, day_), last in sorted(used.items())],
        )
        reset_id_sequences((*LOADED_TABLES, User._meta.db_table))
        analyze(
            (*LOADED_TABLES, User._meta.db_table, DailyCounter._meta.db_table, PendingCounter._meta.db_table)
        )
        report.phases["counters_and_statistics"] = clock_time.perf_counter() - t4
        return report

    # -- the plan: when, what and how, sorted in time ------------------------------------------------

    def _plan(
        self, procedures: list[_Procedure], tl: Timeline, congdan_target: int
    ) -> list[tuple[int, int, int]]:
        """Return (sort key, channel, flags) per dossier in submission order.

        The key packs the submission minute and the procedure index; flags bit 0 marks the
        demo citizen's dossiers.
        """
        rng = self.rng
        rnd = rng.random
        n = self.total
        now_minute = tl.minute(self.now)
        start_minute = (
            tl.minute(datetime.combine(self.now.date(), time(0), tzinfo=VN_TZ))
            - round(365.25 * self.years) * 1440
        )
        w_lo, w_hi = tl.w_of(start_minute), tl.w_of(now_minute)
        cum = []
        acc = 0.0
        for p in procedures:
            acc += p.weight
            cum.append(acc)
        online_capable = [i for i, p in enumerate(procedures) if p.online_level != "none"]
        congdan_at = set(rng.sample(range(n), congdan_target)) if congdan_target and online_capable else set()
        n_proc = len(procedures)
        span = now_minute - start_minute
        l_of = tl.l_of
        plan: list[tuple[int, int, int]] = []
        for i in range(n):
            flags = 0
            if i in congdan_at:
                pi = online_capable[int(rnd() * len(online_capable))]
                channel = ONLINE
                flags = 1
            else:
                pi = bisect.bisect_right(cum, rnd() * acc)
                pi = min(pi, n_proc - 1)
                level = procedures[pi].online_level
                r = rnd()
                online_share = 0.55 if level == "full" else 0.3 if level == "partial" else 0.0
                if r < online_share:
                    channel = ONLINE
                elif r < online_share + 0.05:
                    channel = POSTAL
                else:
                    channel = COUNTER
            if channel == ONLINE:
                while True:  # people submit online at any hour, mostly by day
                    minute = start_minute + int(rnd() * span)
                    hour = (minute % 1440) // 60
                    if 7 <= hour < 22 or rnd() < 0.15:
                        break
                minute -= minute % 5
            else:
                minute = l_of(w_lo + int(rnd() * (w_hi - w_lo)))
                minute -= minute % 5
            if minute >= now_minute:
                minute = now_minute - 5 - (now_minute % 5)
            plan.append((minute * n_proc + pi, channel, flags))
        plan.sort()
        return plan

    # -- the dossiers -----------------------------------------------------------------------------

    def _generate(
        self,
        *,
        plan: list[tuple[int, int, int]],
        procedures: list[_Procedure],
        centres: list[int],
        citizens: list[Person],
        congdan: Person | None,
        sequences: dict[tuple[str, date], int],
        ids: dict[str, int],
        specs: dict[str, TableSpec],
        sink: Sink,
        addresses: list[str],
    ) -> tuple[
        dict[tuple[int, int, int], list[int]], Counter[tuple[int, int, int]], dict[tuple[str, date], int]
    ]:
        tl, dls, rng = self.tl, self.dls, self.rng
        rnd = rng.random
        sha256 = hashlib.sha256
        iso, iso_utc = tl.iso, tl.iso_utc
        w_of, l_of = tl.w_of, tl.l_of
        daily_minutes = tl.daily
        now_minute = tl.minute(self.now)
        n_proc = len(procedures)
        report = self.report

        dossier_spec, event_spec = specs["dossier"], specs["event"]
        component_spec, due_spec = specs["component"], specs["due"]
        d_suffix, e_suffix = dossier_spec.suffix, event_spec.suffix
        c_suffix, u_suffix = component_spec.suffix, due_spec.suffix

        did = ids[Dossier._meta.db_table]
        eid = ids[DossierEvent._meta.db_table]
        cid = ids[DossierComponent._meta.db_table]
        uid = ids[DueDateChange._meta.db_table]

        daily: dict[tuple[int, int, int], list[int]] = {}
        pending: Counter[tuple[int, int, int]] = Counter()
        seq_next: dict[tuple[str, int], int] = {}
        statuses: Counter[int] = Counter()
        n_events = n_components = 0

        n_citizens = len(citizens)
        # people who come to the desk without an account (some come back several times)
        n_walk_ins = min(max(1000, len(plan) // 3), 300_000)
        walk_ins = self.people.walk_ins(n_walk_ins, addresses)
        busy = max(1, n_citizens // 100)  # agents who submit for many people
        by_agency, by_centre = self.by_agency, self.by_centre
        centre_list = list(centres)
        province_code = copy_text(self.province)

        def notes(texts: tuple[str, ...]) -> list[tuple[str, str]]:
            return [(_jdump(nfc(t)), copy_text(nfc(t))) for t in texts]

        refusal, missing_notes = notes(REFUSAL_REASONS), notes(MISSING_PAPERS)
        withdraw_notes, stop_notes = notes(WITHDRAW_REASONS), notes(STOP_REASONS)
        extension_notes = notes(EXTENSION_REASONS)
        art_supp, art_ext, art_21 = _jdump(ARTICLE_SUPPLEMENT), _jdump(ARTICLE_EXTENSION), _jdump(ARTICLE_21)
        art_start_copy = copy_text(ARTICLE_CLOCK_START)
        art_supp_copy, art_ext_copy = copy_text(ARTICLE_SUPPLEMENT), copy_text(ARTICLE_EXTENSION)

        d_lines: list[str] = []
        e_lines: list[str] = []
        c_lines: list[str] = []
        u_lines: list[str] = []

        # The state of the dossier being generated, shared with the helpers below.
        code = did_str = ""
        seq = 0
        prev = GENESIS
        agency_id = procedure_id = 0
        steps: list[_Step] = []
        step_i: int | None = None
        step_started: int | None = None
        step_due: Instant | None = None

        def emit(
            typ: str,
            at: int,
            actor: str,
            actor_name: str,
            from_status: int,
            to_status: int,
            step_json: str,
            step_copy: str,
            note_json: str,
            note_copy: str,
            public: str,
            data_json: str,
        ) -> int:
            """Append one hash-chained event, as `services._common.record_event` writes it."""
            nonlocal seq, prev, eid
            seq += 1
            at_iso = iso(at)
            actor_json = actor if actor != NULL else "null"
            from_json = str(from_status) if from_status else "null"
            content = (
                f'{{"actor":{actor_json},"at":"{at_iso}","data":{data_json},"dossier":"{code}",'
                f'"from":{from_json},"note":{note_json},"seq":{seq},"step":{step_json},'
                f'"to":{to_status},"type":"{typ}"}}'
            )
            digest = sha256(f"{prev}\n{content}".encode()).hexdigest()
            data_copy = data_json if "\\" not in data_json else copy_text(data_json)
            e_lines.append(
                f"{eid}\t{did_str}\t{seq}\t{typ}\t{at_iso}\t{actor}\t{actor_name}\t"
                f"{from_status or NULL}\t{to_status}\t{step_copy}\t{note_copy}\t{public}\t{data_copy}\t"
                f"{prev}\t{digest}{e_suffix}\n"
            )
            prev = digest
            eid += 1
            return eid - 1

        def due_change(
            event_id: int, cause: str, article: str, before: str, after: str, at: int, actor: str
        ) -> None:
            nonlocal uid
            u_lines.append(
                f"{uid}\t{did_str}\t{event_id}\t{cause}\t{article}\t{before}\t{after}\t{iso(at)}\t{actor}{u_suffix}\n"
            )
            uid += 1

        def bump(day: int, column: int) -> None:
            k = (agency_id, procedure_id, day)
            row = daily.get(k)
            if row is None:
                row = daily[k] = [0] * 9
            row[column] += 1

        def enter(i: int | None, start: int) -> None:
            """`services._common._enter_step`: the dossier waits at step i from `start`."""
            nonlocal step_i, step_started, step_due
            step_i = i
            if i is None:
                step_started = step_due = None
            else:
                step_started = start
                step_due = dls.due(start, steps[i].limit)

        def step_data() -> str:
            if step_i is None or step_due is None:
                return '"next_step":null,"next_step_due_at":null'
            return f'"next_step":{steps[step_i].name_json},"next_step_due_at":"{step_due.iso}"'

        def flush() -> None:
            sink.write(dossier_spec, "".join(d_lines))
            sink.write(component_spec, "".join(c_lines))
            sink.write(event_spec, "".join(e_lines))
            sink.write(due_spec, "".join(u_lines))
            d_lines.clear()
            e_lines.clear()
            c_lines.clear()
            u_lines.clear()

        def pick(officers: list[Officer]) -> Officer:
            return officers[int(rnd() * len(officers))]

        for index, (key, channel, flags) in enumerate(plan):
            sub, pi = divmod(key, n_proc)
            proc = procedures[pi]
            steps = proc.steps
            n_steps = len(steps)
            agency_id, procedure_id = proc.agency_id, proc.procedure_id
            # where and who
            centre_id = proc.centre_id
            if channel != ONLINE and rnd() < 0.08:
                centre_id = centre_list[int(rnd() * len(centre_list))]  # non-boundary reception (Art 14(2))
            desk = by_centre[centre_id]
            return_centre = NULL
            return_desk = desk
            if channel != ONLINE and rnd() < 0.04:
                other = centre_list[int(rnd() * len(centre_list))]
                if other != centre_id:
                    return_centre = str(other)
                    return_desk = by_centre[other]
            person: Person | None = None
            if channel == ONLINE:
                if flags & 1 and congdan is not None:
                    person = congdan
                elif rnd() < 0.1:
                    person = citizens[int(rnd() * busy)]
                else:
                    person = citizens[int(rnd() * n_citizens)]
                applicant_copy = person.actor
                name, pid, phone, email, address = (
                    person.name,
                    person.personal_id,
                    person.phone,
                    person.email,
                    person.address,
                )
                delivery = "online" if proc.online_level == "full" and rnd() < 0.7 else "desk"
            else:
                applicant_copy = NULL
                name, pid, phone, address = walk_ins[int(rnd() * n_walk_ins)]
                email = ""
                delivery = "post" if rnd() < (0.8 if channel == POSTAL else 0.12) else "desk"
            delivery_address = address if delivery == "post" else ""
            r = rnd()
            copies = 1 if r < 0.7 else 2 if r < 0.9 else 3 + int(rnd() * 3)
            # the code, numbered per agency and local day in submission order (Art 28)
            day_index = sub // 1440
            seq_key = (proc.prefix, day_index)
            number = seq_next.get(seq_key)
            if number is None:
                number = sequences.get((proc.prefix, tl.day(day_index)), 0)
            number += 1
            seq_next[seq_key] = number
            code = f"{proc.prefix}-{tl.yymmdd[day_index]}-{number:04d}"
            did_str = str(did)
            did += 1

            # -- the life of the dossier, event by event --------------------------------------
            seq = 0
            prev = GENESIS
            status = 0
            step_i = step_started = step_due = None
            received = resolved = returned = closed = supp_req = None
            cs_iso: str | None = None
            due: Instant | None = None
            supp_exp: Instant | None = None
            acceptance_iso = NULL
            extensions = 0
            at = sub
            finished = False
            if person is not None:  # online: submitted, then accepted or refused at the desk
                emit("submitted", sub, person.actor, person.name, 0, 1, '""', "", '""', "", "t", "{}")
                status, step_i, step_started = 1, 0, sub  # submit_dossier sets no step due instant
                acceptance_iso = dls.acceptance_due(sub)
                r = rnd()
                if r < 0.85:
                    delay = 5 + int(rnd() * 235)
                elif r < 0.97:
                    delay = 240 + int(rnd() * 240)
                else:
                    delay = 480 + int(rnd() * 720)  # accepted late (after the 8 working hours)
                at = l_of(w_of(sub) + delay)
                at = max(at - at % 5, sub)
                if at > now_minute:
                    finished = True
                else:
                    fate = rnd()
                    if fate < 0.03:
                        officer = pick(desk)
                        note_json, note_copy = refusal[int(rnd() * len(refusal))]
                        emit(
                            "refused",
                            at,
                            officer.id_str,
                            officer.name,
                            1,
                            3,
                            '""',
                            "",
                            note_json,
                            note_copy,
                            "t",
                            "{}",
                        )
                        status, closed = 3, at
                        enter(None, at)
                        bump(at // 1440, REFUSED_COL)
                        finished = True
                    elif fate < 0.04:
                        note_json, note_copy = withdraw_notes[int(rnd() * len(withdraw_notes))]
                        emit(
                            "withdrawn",
                            at,
                            person.actor,
                            person.name,
                            1,
                            7,
                            '""',
                            "",
                            note_json,
                            note_copy,
                            "t",
                            f'{{"article":{art_21},"counted":false}}',
                        )
                        status, closed = 7, at
                        enter(None, at)
                        finished = True
            if not finished:
                # receipt: the statutory clock starts (Decree 118 Art 17(3), 18(2))
                officer = pick(desk)
                rc = dls.receipt(at, _DL_CHANNEL[channel], proc.limit)
                from_status, status, received = status, 2, at
                cs_iso, due = rc.start_iso, rc.due
                enter(1, rc.start)
                event_id = emit(
                    "received",
                    at,
                    officer.id_str,
                    officer.name,
                    from_status,
                    2,
                    steps[0].name_json,
                    steps[0].name_copy,
                    '""',
                    "",
                    "t",
                    f'{{"clock_start":"{cs_iso}","due_at":"{due.iso}","explanation":{rc.explanation_json},'
                    f"{step_data()}}}",
                )
                due_change(event_id, "clock_started", art_start_copy, NULL, due.iso, at, officer.id_str)
                bump(at // 1440, _RECEIVED_COLUMN[channel])

                # how this dossier will go
                r = rnd()
                if r < 0.7:
                    speed = 0.15 + rnd() * 0.7
                elif r < 0.88:
                    speed = 0.85 + rnd() * 0.15
                else:
                    speed = 1.0 + rnd() * 1.2
                processing = proc.processing
                supplement = rnd() < 0.07
                stuck_at = processing[int(rnd() * len(processing))] if rnd() < 0.015 else -1
                r = rnd()
                withdraw_at = processing[int(rnd() * len(processing))] if r < 0.008 else -1
                stop_at = processing[int(rnd() * len(processing))] if 0.008 <= r < 0.012 else -1
                extend = speed > 1.0 and rnd() < 0.35
                t = rc.start
                budget = max(60, w_of(due.minute) - w_of(rc.start)) * speed
                for i in range(1, n_steps):
                    step = steps[i]
                    if step.desk:  # the return step: the applicant collects, or the post delivers
                        if delivery == "online":
                            work = 5 + int(rnd() * 55)
                        elif delivery == "post":
                            work = daily_minutes + int(rnd() * 2 * daily_minutes)
                        elif rnd() < 0.6:
                            work = 10 + int(rnd() * daily_minutes * 1.5)
                        else:
                            work = 10 + int(rnd() * daily_minutes * 6)
                    else:
                        work = max(5, int(budget * step.share))
                    work -= work % 5
                    if supplement and i == processing[0]:
                        # appraisal finds the dossier incomplete (Decree 118 Art 19(5))
                        supplement = False
                        req = l_of(w_of(t) + 10 + int(rnd() * min(work + 30, 3 * daily_minutes - 20)))
                        req -= req % 5
                        if req > now_minute:
                            finished = True
                            break
                        if req <= dls.supplement_limit(rc.start):
                            officer = pick(by_agency[(agency_id, step.role)])
                            note_json, note_copy = missing_notes[int(rnd() * len(missing_notes))]
                            supp_exp = dls.supplement_expiry(req)
                            emit(
                                "supplement_requested",
                                req,
                                officer.id_str,
                                officer.name,
                                status,
                                5,
                                step.name_json,
                                step.name_copy,
                                note_json,
                                note_copy,
                                "t",
                                f'{{"article":{art_supp},"expires_at":"{supp_exp.iso}"}}',
                            )
                            status, supp_req = 5, req
                            fate = rnd()
                            if fate < 0.75:  # the applicant completes the dossier: the clock restarts
                                back = l_of(
                                    w_of(req + (1 + int(rnd() * 10)) * 1440) + int(rnd() * daily_minutes)
                                )
                                back -= back % 5
                                if back > supp_exp.minute:
                                    fate = 0.8  # too late: it expires
                                elif back > now_minute:
                                    finished = True
                                    break
                                else:
                                    if person is not None and rnd() < 0.7:
                                        actor, actor_name = person.actor, person.name
                                    else:
                                        officer = pick(desk)
                                        actor, actor_name = officer.id_str, officer.name
                                    rc = dls.receipt(back, _DL_CHANNEL[channel], proc.limit, restart=True)
                                    before = due
                                    status, cs_iso, due, supp_exp = 4, rc.start_iso, rc.due, None
                                    enter(i, rc.start)
                                    event_id = emit(
                                        "supplement_received",
                                        back,
                                        actor,
                                        actor_name,
                                        5,
                                        4,
                                        '""',
                                        "",
                                        '""',
                                        "",
                                        "t",
                                        f'{{"due_at":"{due.iso}","explanation":{rc.explanation_json}}}',
                                    )
                                    if due.iso != before.iso:
                                        due_change(
                                            event_id,
                                            "supplement_restart",
                                            art_supp_copy,
                                            before.iso,
                                            due.iso,
                                            back,
                                            actor,
                                        )
                                    t = rc.start
                                    budget = max(60, w_of(due.minute) - w_of(rc.start)) * speed
                                    work = max(5, int(budget * step.share))
                                    work -= work % 5
                            if status == 5:
                                assert supp_exp is not None  # noqa: S101 - set with the request
                                if fate < 0.95:  # nothing came in 15 days: the periodic job stops it
                                    end = supp_exp.minute + 60 + int(rnd() * 600)
                                    end -= end % 5
                                    if end > now_minute:
                                        finished = True
                                        break
                                    emit(
                                        "supplement_expired",
                                        end,
                                        NULL,
                                        "",
                                        5,
                                        8,
                                        '""',
                                        "",
                                        '""',
                                        "",
                                        "t",
                                        f'{{"article":{art_supp}}}',
                                    )
                                    status, closed = 8, end
                                    bump(end // 1440, STOPPED_COL)
                                else:  # the applicant withdraws instead
                                    end = min(l_of(w_of(req + (1 + int(rnd() * 5)) * 1440)), supp_exp.minute)
                                    end = max(end - end % 5, req)
                                    if end > now_minute:
                                        finished = True
                                        break
                                    if person is not None:
                                        actor, actor_name = person.actor, person.name
                                    else:
                                        officer = pick(desk)
                                        actor, actor_name = officer.id_str, officer.name
                                    note_json, note_copy = withdraw_notes[int(rnd() * len(withdraw_notes))]
                                    emit(
                                        "withdrawn",
                                        end,
                                        actor,
                                        actor_name,
                                        5,
                                        7,
                                        '""',
                                        "",
                                        note_json,
                                        note_copy,
                                        "t",
                                        f'{{"article":{art_21},"counted":true}}',
                                    )
                                    status, closed = 7, end
                                    bump(end // 1440, WITHDRAWN_COL)
                                enter(None, end)
                                finished = True
                                break
                    if i == stuck_at:
                        finished = True  # the dossier stalls here and ends up overdue
                        break
                    if i in (withdraw_at, stop_at):  # the applicant withdraws or asks to stop (Art 21)
                        end = l_of(w_of(t) + int(rnd() * (work + 5)))
                        end = max(end - end % 5, t)
                        if end > now_minute:
                            finished = True
                            break
                        if person is not None and rnd() < 0.6:
                            actor, actor_name = person.actor, person.name
                        else:
                            officer = pick(desk)
                            actor, actor_name = officer.id_str, officer.name
                        if i == withdraw_at:
                            note_json, note_copy = withdraw_notes[int(rnd() * len(withdraw_notes))]
                            typ, target, column = "withdrawn", 7, WITHDRAWN_COL
                        else:
                            note_json, note_copy = stop_notes[0]
                            typ, target, column = "stopped", 8, STOPPED_COL
                        emit(
                            typ,
                            end,
                            actor,
                            actor_name,
                            status,
                            target,
                            '""',
                            "",
                            note_json,
                            note_copy,
                            "t",
                            f'{{"article":{art_21},"counted":true}}',
                        )
                        status, closed = target, end
                        enter(None, end)
                        bump(end // 1440, column)
                        finished = True
                        break
                    done = l_of(w_of(t) + work)
                    done = max(done - done % 5, t)
                    if (
                        extend
                        and not extensions
                        and not step.desk
                        and done // 1440 >= due.minute // 1440
                        and t <= now_minute
                        and dls.extension_allowed(due, t)
                    ):
                        # running late: the leader extends once, with an apology (Art 19(6))
                        leaders = by_agency.get((agency_id, Role.LEADER)) or by_agency[(agency_id, step.role)]
                        officer = pick(leaders)
                        new_due = dls.extended(due, 2 + int(rnd() * 8))
                        note_json, note_copy = extension_notes[int(rnd() * len(extension_notes))]
                        event_id = emit(
                            "extended",
                            t,
                            officer.id_str,
                            officer.name,
                            status,
                            status,
                            '""',
                            "",
                            note_json,
                            note_copy,
                            "t",
                            f'{{"after":"{new_due.iso}","article":{art_ext},"before":"{due.utc}"}}',
                        )
                        due_change(
                            event_id, "extension", art_ext_copy, due.iso, new_due.iso, t, officer.id_str
                        )
                        due = new_due
                        extensions = 1
                    if done > now_minute:
                        finished = True
                        break
                    # complete_step: hand over to the next step of the internal process
                    officer = pick(return_desk) if step.desk else pick(by_agency[(agency_id, step.role)])
                    following: int | None = i + 1 if i + 1 < n_steps else None
                    started_json = f'"{iso_utc(step_started)}"' if step_started is not None else "null"
                    before_json = f'"{step_due.utc}"' if step_due is not None else "null"
                    extra = ""
                    if step.kind == "return" or following is None:
                        typ, target = "returned", 10
                    elif step.kind == "issue":
                        typ, target = "resolved", 9
                    else:
                        typ, target = "step_completed", 4
                    if target in (9, 10) and resolved is None:
                        done_day, due_day = done // 1440, due.minute // 1440
                        if done_day < due_day:
                            extra, column = ',"timeliness":"early"', EARLY
                        elif done_day == due_day:
                            extra, column = ',"timeliness":"on_time"', ON_TIME
                        else:
                            extra, column = ',"timeliness":"late"', LATE
                        bump(done_day, column)
                        resolved = done
                    from_status, status = status, target
                    if target == 10:
                        returned = closed = done
                        following = None
                    enter(following, done)
                    public = "f" if typ == "step_completed" and step.kind != "appraise" else "t"
                    emit(
                        typ,
                        done,
                        officer.id_str,
                        officer.name,
                        from_status,
                        target,
                        step.name_json,
                        step.name_copy,
                        '""',
                        "",
                        public,
                        f'{{{step_data()},"step_due_at_before":{before_json},"step_started_at":{started_json}{extra}}}',
                    )
                    t = done
                    if target == 10:
                        break
            # -- the dossier row as it stands now ----------------------------------------------
            if status in (2, 4) and due is not None:
                pending[(agency_id, procedure_id, due.minute // 1440)] += 1
            statuses[status] += 1
            d_lines.append(
                "\t".join(
                    (
                        did_str,
                        code,
                        str(proc.version_id),
                        str(agency_id),
                        NULL,
                        NULL,
                        str(centre_id),
                        str(channel),
                        str(status),
                        str(steps[step_i].id) if step_i is not None else NULL,
                        iso(step_started) if step_started is not None else NULL,
                        step_due.iso if step_due is not None else NULL,
                        applicant_copy,
                        name,
                        pid,
                        phone,
                        email,
                        address,
                        proc.summary,
                        return_centre,
                        delivery,
                        delivery_address,
                        str(copies),
                        iso(sub),
                        iso(received) if received is not None else NULL,
                        cs_iso or NULL,
                        due.iso if due is not None else NULL,
                        acceptance_iso,
                        iso(resolved) if resolved is not None else NULL,
                        iso(returned) if returned is not None else NULL,
                        iso(closed) if closed is not None else NULL,
                        iso(supp_req) if supp_req is not None else NULL,
                        supp_exp.iso if supp_exp is not None else NULL,
                        NULL,
                        str(extensions),
                        NULL,
                        str(seq),
                        province_code,
                    )
                )
                + d_suffix
                + "\n"
            )
            for paper_id, paper_name, form, count, required in proc.papers:
                if required or rnd() < 0.3:
                    c_lines.append(
                        f"{cid}\t{did_str}\t{paper_id}\t{paper_name}\t{form}\t{count}\t{NULL}\t{NULL}{c_suffix}\n"
                    )
                    cid += 1
                    n_components += 1
            n_events += seq
            if (index + 1) % CHUNK == 0:
                flush()
                if (index + 1) % (CHUNK * 10) == 0:
                    self.say(f"{index + 1:,} dossiers")
        flush()
        used = {(prefix, tl.day(day_index)): number for (prefix, day_index), number in seq_next.items()}
        report.dossiers = len(plan)
        report.events = n_events
        report.components = n_components
        report.due_changes = uid - ids[DueDateChange._meta.db_table]
        report.statuses = statuses
        report.congdan_dossiers = sum(1 for _k, _c, f in plan if f & 1)
        return daily, pending, used
