"""Demo data: the barrier survey, partners, channels and a few hundred sample responses.

Idempotent: every row has a fixed key (slugs, tokens, uuid5 response ids), so loading twice changes
nothing. Sample responses are flagged `is_sample` and their texts are fictional (demo/README.md).
"""

from __future__ import annotations

import csv
import random
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Channel, FocusGroup, Partner, Response, User, utcnow
from .channels import set_target
from .complete_rows import insert_complete
from .surveys import import_survey
from .users import create_user, generate_password, hash_secret, verify_secret

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
SAMPLE_NAMESPACE = uuid.UUID("6f1c2a9e-3d5b-4c8e-9a7f-2b1d0e4c5a63")

PARTNERS = [
    ("demo-partner", "Neighborhood Welcome Center", "cbo", ["en", "es", "so", "ar"]),
    ("eastside-clinic", "Eastside Family Clinic", "clinic", ["en", "es", "vi"]),
    ("st-marks", "St. Mark's Community Church", "faith", ["en", "fr", "ht"]),
    ("valley-college", "Valley Community College", "school", ["en", "ne", "ar"]),
]
# Complete responses each partner aims for (the partner view shows progress against it).
TARGETS = {"demo-partner": 150, "eastside-clinic": 80, "st-marks": 60, "valley-college": 60}
# token, name, partner, mode, default language
CHANNELS = [
    ("demo", "Public link", "demo-partner", "link", None),
    ("clinic-waiting-room", "Clinic waiting room poster", "eastside-clinic", "link", "es"),
    ("church-after-service", "After Sunday service", "st-marks", "link", "ht"),
    ("college-esl", "ESL classes", "valley-college", "link", None),
    ("demo-kiosk", "Welcome center tablet", "demo-partner", "kiosk", None),
    ("demo-paper", "Paper surveys from the front desk", "demo-partner", "assisted", None),
]
# email, role, partner
STAFF = [
    ("admin@demo.test", "admin", None),
    ("analyst@demo.test", "analyst", None),
    ("liaison@demo.test", "liaison", "demo-partner"),
    ("facilitator@demo.test", "facilitator", None),
]
LANGUAGE_CHOICE = {
    "en": "english",
    "es": "spanish",
    "ar": "arabic",
    "so": "somali",
    "vi": "vietnamese",
    "fr": "french",
    "ht": "haitian_creole",
    "ne": "nepali",
}
RACE_BY_LANGUAGE = {
    "es": "hispanic_latino",
    "ar": "middle_eastern_north_african",
    "so": "african",
    "vi": "asian",
    "ne": "asian",
    "ht": "black",
    "fr": "african",
}
PARTNER_BY_LANGUAGE = {
    "es": "clinic-waiting-room",
    "vi": "clinic-waiting-room",
    "ht": "church-after-service",
    "fr": "church-after-service",
    "ne": "college-esl",
    "ar": "college-esl",
}


def load_demo(session: Session, password: str | None = None) -> str:
    """Load (or leave as it is) everything a new user needs to see the platform at work.

    With a password, the demo staff accounts exist and sign in with it.
    """
    result = import_survey(session, DEMO_DIR / "barriers.xlsx", slug="barriers")
    partners = {}
    for slug, name, kind, languages in PARTNERS:
        partner = session.scalar(select(Partner).where(Partner.slug == slug))
        if partner is None:
            partner = Partner(slug=slug, name=name, kind=kind, languages=languages)
            session.add(partner)
            session.flush()
        partners[slug] = partner
        if partner.target_for(result.survey.id) is None:
            set_target(session, partner, result.survey.id, TARGETS[slug])
    staff = _load_staff(session, password) if password else {}
    channels = {}
    for token, name, partner_slug, mode, language in CHANNELS:
        channel = session.scalar(select(Channel).where(Channel.token == token))
        if channel is None:
            channel = Channel(
                token=token,
                name=name,
                survey_id=result.survey.id,
                partner_id=partners[partner_slug].id,
                mode=mode,
                default_language=language,
                languages=partners[partner_slug].languages if mode == "kiosk" else [],
                place="Front desk" if mode != "link" else "",
                liaison_id=staff["liaison@demo.test"].id
                if staff and partner_slug == "demo-partner"
                else None,
            )
            session.add(channel)
            session.flush()
        channels[token] = channel
    _load_focus_group(session, partners["demo-partner"], staff.get("facilitator@demo.test"))
    link_channels = {token: c for token, c in channels.items() if c.mode == "link"}
    added = _load_samples(session, result.version.id, result.survey.id, link_channels)
    total = session.scalar(
        select(func.count())
        .select_from(Response)
        .where(Response.survey_id == result.survey.id, Response.is_sample.is_(True))
    )
    return (
        f"Demo survey '{result.survey.slug}' version {result.version.version}; "
        f"{len(channels)} channels; {added} sample responses added ({total} in all)."
    )


DEMO_GROUP_TOKEN = "demo-group"  # noqa: S105 - a public sign-up link, not a secret
DEMO_GROUP = {
    # A language without its own place or notes falls back to the session's first language.
    "address": {"en": "Neighborhood Welcome Center, Room 2", "es": "Neighborhood Welcome Center, sala 2"},
    "transit_notes": {"en": "Bus 4 stops at the door.", "es": "El autobús 4 para en la puerta."},
    "parking_notes": {"en": "Free parking behind.", "es": "Estacionamiento gratis detrás del edificio."},
    "title": {
        "en": "Getting to training: tell us what gets in the way",
        "es": "Llegar a la capacitación: cuéntenos qué se lo impide",
        "ar": "الوصول إلى التدريب: أخبرونا بما يعيقكم",
        "so": "Gaarista tababarka: noo sheeg waxa ku hor istaaga",
    },
    "description": {
        "en": "A friendly 90-minute conversation in small groups. Your words help partners "
        "make training and jobs easier to reach.",
        "es": "Una conversación amable de 90 minutos en grupos pequeños. Sus palabras ayudan "
        "a que la capacitación y el empleo sean más fáciles de alcanzar.",
        "ar": "حديث ودي لمدة 90 دقيقة في مجموعات صغيرة. كلماتكم تساعد الشركاء على تسهيل "
        "الوصول إلى التدريب والعمل.",
        "so": "Wada hadal saaxiibtinimo oo 90 daqiiqo ah oo kooxo yaryar ah. Erayadaadu "
        "waxay ka caawinayaan la-hawlgalayaasha inay tababarka iyo shaqada fududeeyaan.",
    },
    "prompts": [
        {"id": "p1", "text": {"en": "What makes it hard to start or finish a training program?"}},
        {"id": "p2", "text": {"en": "What has helped you or people you know?"}},
        {"id": "p3", "text": {"en": "If you could change one thing, what would it be?"}},
    ],
}


def _load_focus_group(session: Session, partner: Partner, facilitator: User | None) -> None:
    """An upcoming session at `/g/demo-group`; a demo kept for weeks moves it forward again."""
    start = (utcnow() + timedelta(days=14)).replace(hour=23, minute=0, second=0, microsecond=0)
    group = session.scalar(select(FocusGroup).where(FocusGroup.token == DEMO_GROUP_TOKEN))
    if group is None:
        group = FocusGroup(
            token=DEMO_GROUP_TOKEN,
            title=DEMO_GROUP["title"],
            description=DEMO_GROUP["description"],
            prompts=DEMO_GROUP["prompts"],
            timezone="America/Chicago",
            address=DEMO_GROUP["address"],
            transit_notes=DEMO_GROUP["transit_notes"],
            parking_notes=DEMO_GROUP["parking_notes"],
            host_partner_id=partner.id,
            languages=["en", "es", "ar", "so"],
            provided=["interpretation", "childcare", "meal", "transportation", "stipend"],
            capacity=12,
            starts_at=start,
            ends_at=start + timedelta(minutes=90),
            facilitator_id=facilitator.id if facilitator else None,
        )
        session.add(group)
    elif group.starts_at <= utcnow():
        group.starts_at, group.ends_at = start, start + timedelta(minutes=90)
    session.flush()


def _load_staff(session: Session, password: str) -> dict[str, User]:
    """The four demo accounts; an existing one gets the given password if it has another."""
    users = {}
    for email, role, partner_slug in STAFF:
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            user = create_user(session, email, role, password, partner_slug=partner_slug, name=f"Demo {role}")
        elif not verify_secret(user.password_hash, password):
            user.password_hash = hash_secret(password)
        users[email] = user
    return users


def _load_samples(session: Session, version_id: int, survey_id: int, channels: dict[str, Channel]) -> int:
    with (DEMO_DIR / "sample_answers.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(session.scalars(select(Response.id).where(Response.is_sample.is_(True))))
    now = utcnow()
    responses: list[dict[str, object]] = []
    answers: list[dict[str, object]] = []
    for number, row in enumerate(rows):
        response_id = str(uuid.uuid5(SAMPLE_NAMESPACE, f"barriers-sample-{number}"))
        if response_id in existing:
            continue
        rng = random.Random(number)  # noqa: S311 - sample data, not security
        lang = row["lang"]
        token = PARTNER_BY_LANGUAGE.get(lang, "demo") if rng.random() < 0.6 else "demo"
        started = now - timedelta(days=rng.uniform(0, 45))
        responses.append(
            {
                "id": response_id,
                "survey_id": survey_id,
                "version_id": version_id,
                "channel_id": channels[token].id,
                "language": lang,
                "started_at": started,
                "updated_at": started,
                "completed_at": started + timedelta(minutes=rng.uniform(4, 25)),
                "is_sample": True,
            }
        )
        answers += [
            {"response_id": response_id, "question": name, "value": value}
            for name, value in _sample_answers(row, lang, rng).items()
            if value
        ]
    insert_complete(session, responses, answers)
    return len(responses)


def _sample_answers(row: dict[str, str], lang: str, rng: random.Random) -> dict[str, str]:
    def maybe(value: str, chance: float = 0.85) -> str:
        return value if rng.random() < chance else ""

    spoken = {LANGUAGE_CHOICE.get(lang, "other")}
    if rng.random() < 0.5:
        spoken.add("english")
    race = RACE_BY_LANGUAGE.get(lang) or rng.choice(
        ["white", "black", "asian", "american_indian", "hispanic_latino"]
    )
    return {
        "consent": "OK",
        "goal_type": rng.choice(["credential", "training", "job", "better_job", "english", "own_business"]),
        "goal": row.get("goal", ""),
        "barriers": row.get("barriers", ""),
        "hardest": row.get("hardest", ""),
        "help_most": row.get("help_most", ""),
        "strengths": row.get("strengths", ""),
        "languages": " ".join(sorted(spoken)),
        "focus_group_interest": rng.choice(["yes", "maybe", "no", ""]),
        "age_band": maybe(
            rng.choice(["18_24", "25_34", "25_34", "35_44", "35_44", "45_54", "55_64", "prefer_not"])
        ),
        "gender": maybe(rng.choice(["woman", "woman", "man", "man", "nonbinary", "prefer_not"])),
        "race_ethnicity": maybe(race if rng.random() < 0.9 else "prefer_not"),
        "income_band": maybe(
            rng.choice(["under_15k", "under_15k", "15k_30k", "15k_30k", "30k_50k", "50k_75k", "prefer_not"])
        ),
        "household_size": maybe(str(rng.randint(1, 8))),
        "zip_code": maybe(rng.choice(["58102", "58103", "58104", "56560", "58078"]), 0.7),
        "employment": maybe(
            rng.choice(["full_time", "part_time", "several_jobs", "looking", "not_looking", "student"])
        ),
        "education": maybe(
            rng.choice(["none", "primary", "some_secondary", "secondary", "some_college", "degree_abroad"])
        ),
    }


def demo_password(instance: Path, configured: str | None) -> tuple[str, str]:
    """DEMO_PASSWORD, or one generated on the first run and kept in the instance folder (mode 600)."""
    if configured:
        return configured, "from DEMO_PASSWORD"
    path = instance / "demo-password.txt"
    if path.exists():
        return path.read_text(encoding="utf-8").strip(), f"kept in {path}"
    password = generate_password()
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return password, f"generated, kept in {path}"
