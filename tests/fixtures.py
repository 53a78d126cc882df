"""Shared fixtures: a small county tree and the five personas bound to parts of it.

County 示范县委
├── 东风镇党委 (township_operator's scope)
│   ├── 东风村党支部 (branch_secretary's scope)
│   └── 西岭村党支部
├── 南山镇党委 (outsider's scope)
│   └── 南山村党支部
└── 县直机关工委
    └── 县财政局机关党支部
"""

import datetime as dt
import functools
from dataclasses import dataclass

import pytest
from django.contrib.auth.hashers import make_password

from zugong.accounts.capabilities import Role
from zugong.accounts.models import RoleAssignment, User
from zugong.organizations.models import Organization, WorkUnit
from zugong.organizations.services import create_root_organization

PASSWORD = "zugong-test-2026"


@dataclass
class County:
    county: Organization
    township: Organization
    village: Organization
    village2: Organization
    other_township: Organization
    other_village: Organization
    agencies: Organization
    agency_branch: Organization
    village_unit: WorkUnit
    other_village_unit: WorkUnit


def _child(parent, name, kind, sector):
    from zugong.core.tree import child_path, depth_of

    org = Organization.objects.create(parent=parent, name=name, kind=kind, sector=sector, path=f"new-{name}")
    org.path = child_path(parent.path, org.pk)
    org.depth = depth_of(org.path)
    org.save(update_fields=["path", "depth"])
    return org


@pytest.fixture
def county(db) -> County:
    K, S = Organization.Kind, Organization.Sector
    root = create_root_organization("示范县委")
    township = _child(root, "东风镇党委", K.COMMITTEE, S.RURAL)
    village = _child(township, "东风村党支部", K.BRANCH, S.RURAL)
    village2 = _child(township, "西岭村党支部", K.BRANCH, S.RURAL)
    other = _child(root, "南山镇党委", K.COMMITTEE, S.RURAL)
    other_village = _child(other, "南山村党支部", K.BRANCH, S.RURAL)
    agencies = _child(root, "县直机关工委", K.WORKING_COMMITTEE, S.AGENCY)
    agency_branch = _child(agencies, "县财政局机关党支部", K.BRANCH, S.AGENCY)
    unit = WorkUnit.objects.create(name="东风村", kind=WorkUnit.Kind.VILLAGE, managed_by=village, covered_by=village)
    other_unit = WorkUnit.objects.create(
        name="南山村", kind=WorkUnit.Kind.VILLAGE, managed_by=other_village, covered_by=other_village
    )
    return County(root, township, village, village2, other, other_village, agencies, agency_branch, unit, other_unit)


@functools.cache
def _password_hash() -> str:
    # Hashed once per run: argon2 is deliberately slow, and every test creates personas.
    return make_password(PASSWORD)


def make_user(username: str, role: str, organization: Organization, display_name: str = "") -> User:
    user = User.objects.create(username=username, password=_password_hash(), display_name=display_name or username)
    RoleAssignment.objects.create(user=user, role=role, organization=organization)
    return user


@pytest.fixture
def department_admin(county) -> User:
    return make_user("admin", Role.DEPARTMENT_ADMIN, county.county, "组织部管理员")


@pytest.fixture
def township_operator(county) -> User:
    return make_user("township", Role.OPERATOR, county.township, "东风镇组织委员")


@pytest.fixture
def branch_secretary(county) -> User:
    return make_user("branch", Role.BRANCH_SECRETARY, county.village, "东风村支书")


@pytest.fixture
def inspector(county) -> User:
    return make_user("inspector", Role.INSPECTOR, county.county, "督查员")


@pytest.fixture
def outsider(county) -> User:
    return make_user("outsider", Role.OPERATOR, county.other_township, "南山镇组织委员")


def app_today() -> dt.date:
    """The app's own day (``timezone.localdate``). Read it when a test makes or posts a date, never once at import: a
    run that passes midnight would otherwise post yesterday beside records the app dated today."""
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def today() -> dt.date:
    return app_today()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached figures (the home charts) must not leak between databases."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_directory(settings, tmp_path):
    """Uploaded files (step documents, import workbooks) never land in the checkout's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def full_members(county, department_admin):
    """Three full members of 东风村党支部 (李红, 王强, 赵敏): mentors and sponsors in development."""
    from zugong.members.services import create_member
    from zugong.members.tests.test_members import fields, id_for

    return [create_member(department_admin, **fields(county.village, name=name, id_number=id_for(dt.date(1970, 1, n), n)))
            for n, name in enumerate(("李红", "王强", "赵敏"), start=1)]


@pytest.fixture(autouse=True)
def _data_from_migrations(request):
    """Rows a data migration installs (the default 100-point scheme, the assessment schemes) are flushed by
    transactional (browser) tests; every test that uses the database starts with them, as a migrated database has them."""
    if "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    from zugong.education.models import ScoreItem
    from zugong.education.scheme import install_default_scheme

    if not ScoreItem.objects.exists():
        install_default_scheme(ScoreItem)
    from zugong.assessments.catalogue import ensure_catalogue
    from zugong.assessments.models import Scheme

    if not Scheme.objects.exists():  # the shipped assessment schemes (data migration 0002_catalogue)
        ensure_catalogue()
