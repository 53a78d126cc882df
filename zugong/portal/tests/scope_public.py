"""The public portal's entries in the scope test (tests/test_scope.py), persona "anyone": each URL is requested
without signing in and answers 200; the same URL of an item a visitor may not read today (a draft, a withdrawn
article, an ended 公示 or notice, a draft's file) answers 404."""

from django.urls import reverse

from zugong.portal.tests.public_records import frozen_day, make_records

ANYONE = frozenset({"anyone"})

# endpoint name: (the record shown, the records that must be 404 at the same URL)
OBJECTS = {
    "portal_public:article": ("publicity", ("draft", "withdrawn", "ended")),
    "portal_public:notice": ("pre_appointment", ("ended_notice",)),
    "portal_public:attachment": ("file", ("draft_file",)),
}
PAGES = ("home", "publicity", "inspections", "news", "notices", "downloads", "feed", "sitemap")


def endpoints(endpoint_class) -> list:
    return [*[endpoint_class(f"portal_public:{name}", "GET", ANYONE, None) for name in PAGES],
            *[endpoint_class(name, "GET", ANYONE, shown) for name, (shown, _hidden) in OBJECTS.items()]]


def check(client, county, department_admin, endpoint) -> None:
    with frozen_day():
        records = make_records(county, department_admin)
        client.logout()
        if endpoint.target is None:
            response = client.get(reverse(endpoint.name))
            assert response.status_code == 200, response.content[:300]
            return
        shown, hidden = OBJECTS[endpoint.name]
        response = client.get(reverse(endpoint.name, args=[getattr(records, shown).pk]))
        assert response.status_code == 200, response.content[:300]
        for name in hidden:
            response = client.get(reverse(endpoint.name, args=[getattr(records, name).pk]))
            assert response.status_code == 404, f"{endpoint.name} of the {name} record: {response.status_code}"
