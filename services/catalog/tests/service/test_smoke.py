from services.catalog.tests.service.support import Catalog


async def test_publish_and_find(catalog: Catalog) -> None:
    published = await catalog.published("1.001193")
    assert published["status"] == "published"
    found = await catalog.ok("GET", "/v1/procedures", params={"q": "khai sinh"})
    assert found["items"][0]["code"] == "1.001193", found
