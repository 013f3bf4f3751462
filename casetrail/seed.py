"""The demo agency hierarchy with one user of each role (used by `casetrail dev` and the tests)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.api.security import hash_password
from casetrail.store.models import Agency, Membership, Role, User

DEMO_PASSWORD = "casetrail-demo"


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
