"""The Redis cache backend keeps one client per connection pool (gidh_portal/redis_cache.py)."""

import threading
import uuid

from django.conf import settings
from django.core.cache import caches

from gidh_portal.redis_cache import RedisCache


def _own_cache():
    """A backend of the test's own, on the suite's Redis, under a key prefix no other test uses."""
    return RedisCache(
        settings.CACHES["default"]["LOCATION"], {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    )


def test_the_default_cache_is_the_portal_backend():
    assert isinstance(caches["default"], RedisCache)


def test_cache_calls_share_one_client_per_pool():
    backend = _own_cache()
    backend.set("answer", {"value": 42}, 30)
    client = backend._cache.get_client()
    assert backend._cache.get_client(write=True) is client
    assert backend.get("answer") == {"value": 42}
    assert backend._cache.get_client() is client
    assert client.connection_pool is backend._cache._pools[0]
    backend.delete("answer")


def test_every_cache_operation_still_works():
    backend = _own_cache()
    assert backend.add("counter", 1, 30)
    assert not backend.add("counter", 5, 30)
    assert backend.incr("counter", 2) == 3
    backend.set_many({"a": "x", "b": ["y"]}, 30)
    assert backend.get_many(["a", "b", "missing"]) == {"a": "x", "b": ["y"]}
    assert backend.has_key("a")
    assert backend.touch("a", 60)
    backend.delete_many(["a", "b", "counter"])
    assert backend.get("a", "gone") == "gone"


def test_threads_share_the_client_and_each_gets_its_own_values():
    backend = _own_cache()
    clients, values, errors = [], {}, []

    def work(number):
        try:
            for round_ in range(20):
                backend.set(f"thread-{number}", (number, round_), 30)
                values[number] = backend.get(f"thread-{number}")
            clients.append(backend._cache.get_client())
        except Exception as error:  # a failure in a thread must fail the test
            errors.append(error)

    threads = [threading.Thread(target=work, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert values == {number: (number, 19) for number in range(8)}
    assert len({id(client) for client in clients}) == 1
    backend.delete_many([f"thread-{number}" for number in range(8)])
