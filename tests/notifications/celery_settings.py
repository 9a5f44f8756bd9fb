"""Settings for the real beat and worker that tests/notifications/test_background_processes.py starts: the test
settings with tasks sent through the broker, only the heartbeat on beat's schedule, and a queue of the test's own
(TEST_CELERY_QUEUE), so that no other test's worker takes its heartbeats and its worker takes no other test's tasks."""

import os

from tests.settings import *  # noqa: F403
from tests.settings import CELERY_BEAT_SCHEDULE

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["TEST_CELERY_QUEUE"]
CELERY_BEAT_SCHEDULE = {"heartbeat": CELERY_BEAT_SCHEDULE["heartbeat"]}
# No broadcast mailbox either: the worker answers nobody else's control commands.
CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
