import pytest

pytestmark = pytest.mark.django_db


def test_pages_carry_the_configured_site_name(client, settings):
    settings.ZHIFA_SITE_NAME = "示范省行政执法公示平台"
    page = client.get("/").content.decode()
    assert "<title>" in page and "示范省行政执法公示平台" in page
    assert page.count("示范省行政执法公示平台") >= 1
    settings.ZHIFA_SITE_NAME = "另一个平台"
    assert "另一个平台" in client.get("/").content.decode()
