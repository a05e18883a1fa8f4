"""`make fuzz`: the API contract fuzzed with a random seed, outside CI.

`make test` runs tests/test_api_schemathesis.py derandomized, with 12 examples per operation:
the same cases every run. This runs the same tests (every operation of docs/openapi.yaml, as an
anonymous caller and with a focal point's token, every check schemathesis has) with a new
random seed and more examples, so each run explores other inputs. It prints the seed first:
a failure is reproduced with `--seed <that seed>` and the same `--examples`.

In-process (the WSGI application, no server), on the test database of `make test` (override
with DATABASE_URL / REDIS_URL); pytest-django creates it when missing.

Usage: python bench/fuzz_api.py [--seed N] [--examples 100] [-- extra pytest arguments]
"""

import argparse
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_ENV = {
    "DATABASE_URL": "postgres://postgres:postgres@127.0.0.1:5432/gidh_portal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DEBUG": "0",
    "HTTPS": "0",
    "SECRET_KEY": "test-only-secret-key-that-is-long-enough-for-django-checks",
    "THROTTLE_ANON": "off",
    "THROTTLE_USER": "off",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, help="Hypothesis seed (default: a random one)")
    parser.add_argument("--examples", type=int, default=100, help="examples per operation")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments (after --)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"fuzz_api: seed {seed}, {args.examples} examples per operation", flush=True)
    print(f"  reproduce: python bench/fuzz_api.py --seed {seed} --examples {args.examples}")
    env = {**TEST_ENV, **os.environ, "GIDH_FUZZ_EXAMPLES": str(args.examples)}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/test_api_schemathesis.py",
        f"--hypothesis-seed={seed}",
        "-p",
        "no:cacheprovider",
        "-n",
        "0",
        "-q",
        *args.pytest_args,
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, check=False)
    print(f"fuzz_api: seed {seed}: {'passed' if result.returncode == 0 else 'FAILED'}")
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
