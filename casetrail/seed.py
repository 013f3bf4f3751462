"""The demo agency hierarchy with one user of each role (`casetrail dev`, `casetrail seed-demo`, the
tests), and the first administrator of a production install (`casetrail create-admin`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.api.security import hash_password
from casetrail.errors import InvalidInput
from casetrail.rules.registry import get_profile
from casetrail.store.models import Agency, Membership, Role, User

# Published in the README: only `casetrail dev` and an explicit `casetrail seed-demo` create these.
DEMO_PASSWORD = "casetrail-demo"
ADMIN_PASSWORD_MIN = 12


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    roles: tuple[Role, ...]
    agency: str
    certificate_no: str | None = None


CITY = "demo-city-amr"
DISTRICT = "demo-district-amr"
OTHER = "demo-other-amr"

DEMO_AGENCIES = (
    # code, name, short name, parent, profile
    (CITY, "泰安市示例市场监督管理局", "泰示市监", None, "taian-2017"),
    (DISTRICT, "泰安市示例市场监督管理局岱岳分局", "泰示岱监", CITY, "taian-2017"),
    (OTHER, "广东省示例市应急管理局", "粤示应急", None, "guangdong-2018"),
)

DEMO_USERS = (
    DemoUser("officer1", "张三", (Role.officer,), DISTRICT, "37090020260001"),
    DemoUser("officer2", "李四", (Role.officer,), DISTRICT, "37090020260002"),
    DemoUser("head", "王五", (Role.unit_head,), DISTRICT),
    DemoUser("legal", "赵六", (Role.legal_reviewer,), DISTRICT),
    DemoUser("leader", "钱七", (Role.leader,), DISTRICT),
    DemoUser("archivist", "孙八", (Role.archivist,), DISTRICT),
    DemoUser("supervisor", "周九", (Role.supervisor,), CITY),
    DemoUser("ops", "吴十", (Role.ops,), CITY),
    DemoUser("admin", "郑管", (Role.admin,), CITY),
    DemoUser("gd_officer", "陈一", (Role.officer,), OTHER, "44010020260001"),
    DemoUser("gd_officer2", "陈二", (Role.officer,), OTHER, "44010020260002"),
    DemoUser("gd_leader", "林三", (Role.leader,), OTHER),
)


async def create_admin(
    session: AsyncSession,
    *,
    username: str,
    full_name: str,
    password: str,
    agency_code: str,
    agency_name: str,
    short_name: str,
    profile_id: str,
) -> User:
    """The first administrator of a production install, with the password the operator chose.

    The agency is created as a top-level agency unless one with ``agency_code`` exists.
    """
    if len(password) < ADMIN_PASSWORD_MIN:
        raise InvalidInput(
            f"管理员密码至少 {ADMIN_PASSWORD_MIN} 位", field="password", rule="password_too_short"
        )
    if password == DEMO_PASSWORD:
        raise InvalidInput("不能使用公开的演示密码", field="password", rule="published_password")
    if (await session.execute(select(User.id).where(User.username == username))).first() is not None:
        raise InvalidInput(f"用户名 {username} 已存在", field="username", rule="unique")
    agency = (await session.execute(select(Agency).where(Agency.code == agency_code))).scalar_one_or_none()
    if agency is None:
        get_profile(profile_id)  # NotFound listing the valid profiles
        agency = Agency(code=agency_code, name=agency_name, short_name=short_name, profile_id=profile_id)
        session.add(agency)
        await session.flush()
    user = User(username=username, full_name=full_name, password_hash=hash_password(password))
    session.add(user)
    await session.flush()
    session.add(Membership(user_id=user.id, agency_id=agency.id, role=Role.admin))
    await session.flush()
    return user


async def seed_demo(session: AsyncSession) -> bool:
    """Create the demo data once; returns False when it is already there."""
    if (await session.execute(select(Agency.id).limit(1))).first() is not None:
        return False
    agencies: dict[str, Agency] = {}
    for code, name, short, parent, profile in DEMO_AGENCIES:
        agency = Agency(code=code, name=name, short_name=short, profile_id=profile)
        agency.parent = agencies[parent] if parent else None
        session.add(agency)
        agencies[code] = agency
    await session.flush()
    password_hash = hash_password(DEMO_PASSWORD)
    for demo in DEMO_USERS:
        user = User(
            username=demo.username,
            full_name=demo.full_name,
            password_hash=password_hash,
            certificate_no=demo.certificate_no,
        )
        session.add(user)
        await session.flush()
        for role in demo.roles:
            session.add(Membership(user_id=user.id, agency_id=agencies[demo.agency].id, role=role))
    await session.flush()
    return True
