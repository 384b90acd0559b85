"""Which customers to remind: their order is ready within the hour."""

from datetime import datetime, timedelta

from pickups import PickupRepo

#: How far ahead a reminder looks.
WINDOW = timedelta(hours=1)


def due_reminders(repo: PickupRepo, now: datetime) -> list[str]:
    """The customers whose pickup is ready from ``now`` to one hour later.

    Both ends are included, earliest pickup first. ``now`` must be aware: the
    scheduler passes its clock's reading (``datetime.now(timezone.utc)``), so this
    function never asks the machine what time or time zone it is, and its tests
    can pass any moment they like.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be an aware datetime: {now!r}")
    return [pickup.customer for pickup in repo.between(now, now + WINDOW)]
