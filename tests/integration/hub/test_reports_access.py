"""Reports are for supervisors and admins: anyone else is refused, saying who may read them."""

from __future__ import annotations

import pytest

from .conftest import bearer

REPORTS = ["/api/v1/reports/bot-coverage", "/api/v1/reports/missed-questions"]


@pytest.mark.parametrize("path", REPORTS)
async def test_only_supervisors_and_admins_read_it(service, path: str) -> None:
    assert (await service.get(path)).status == 401
    assert (await service.get(path, headers=service.bot)).status == 403
    refused = await service.get(path, headers=await bearer(service, "l1"))
    assert refused.status == 403
    assert "supervisor" in (await refused.json())["error"]["message"]
