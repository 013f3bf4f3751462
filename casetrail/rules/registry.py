"""Registry of profiles and their versions.

A case pins a :class:`ProfileRef` when it starts. Versions are never removed or edited: a rule
change is a new version appended here, so a running case keeps the rules it started under.
"""

from __future__ import annotations

from casetrail.errors import NotFound
from casetrail.rules.profile_model import Profile, ProfileRef
from casetrail.rules.profiles.guangdong_2018 import GUANGDONG_2018
from casetrail.rules.profiles.mingshan_emergency import MINGSHAN_EMERGENCY
from casetrail.rules.profiles.national import NATIONAL
from casetrail.rules.profiles.shanxi import SHANXI
from casetrail.rules.profiles.taian_2017 import TAIAN_2017
from casetrail.rules.profiles.wanzhou_xinxiang_2024 import WANZHOU_XINXIANG_2024

# Every version ever published, oldest first within an id. Append; never edit or remove.
_ALL_VERSIONS: tuple[Profile, ...] = (
    NATIONAL,
    TAIAN_2017,
    MINGSHAN_EMERGENCY,
    SHANXI,
    GUANGDONG_2018,
    WANZHOU_XINXIANG_2024,
)


def _index(profiles: tuple[Profile, ...]) -> dict[str, dict[str, Profile]]:
    index: dict[str, dict[str, Profile]] = {}
    for profile in profiles:
        versions = index.setdefault(profile.id, {})
        if profile.version in versions:
            raise ValueError(f"duplicate profile version {profile.ref}")
        versions[profile.version] = profile
    return index


_INDEX = _index(_ALL_VERSIONS)


def get_profile(profile_id: str, version: str | None = None) -> Profile:
    """The profile ``profile_id`` at ``version``, or its latest version when ``version`` is None."""
    versions = _INDEX.get(profile_id)
    if versions is None:
        raise NotFound(
            f"未知的规则配置：{profile_id}", field="profile_id", rule="known_profile", allowed=list(_INDEX)
        )
    if version is None:
        return list(versions.values())[-1]
    if version not in versions:
        raise NotFound(
            f"规则配置 {profile_id} 没有版本 {version}",
            field="version",
            rule="known_profile_version",
            allowed=list(versions),
        )
    return versions[version]


def current_ref(profile_id: str) -> ProfileRef:
    """What a case opening now pins: the newest version of ``profile_id`` (running cases keep theirs)."""
    return get_profile(profile_id).ref


def get_pinned(ref: ProfileRef) -> Profile:
    """The exact rules a case pinned when it started."""
    return get_profile(ref.id, ref.version)


def list_profiles() -> list[Profile]:
    """The latest version of every profile, national first."""
    return [list(versions.values())[-1] for versions in _INDEX.values()]


def list_versions(profile_id: str) -> list[str]:
    get_profile(profile_id)  # NotFound for an unknown id
    return list(_INDEX[profile_id])


def profile_ids() -> list[str]:
    return list(_INDEX)
