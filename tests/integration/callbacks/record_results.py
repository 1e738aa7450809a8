# Test-only callback: writes every task result as one JSON line to $RECORD_RESULTS_FILE,
# so tests can assert on results without scraping the screen output.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: record_results
type: aggregate
short_description: write task results as JSON lines (tests only)
description: Writes each task result to the file named by RECORD_RESULTS_FILE.
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "record_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._task_started = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._task_started = time.time()

    def _write(self, status, result):
        path = os.environ.get("RECORD_RESULTS_FILE")
        if not path:
            return
        record = {"status": status, "host": result._host.get_name(),
                  "task": result._task.get_name(), "action": result._task.action,
                  "result": result._result,
                  # seconds from the task's start to this host's result (timeout tests)
                  "duration": (time.time() - self._task_started) if self._task_started else None}
        with open(path, "a") as f:
            f.write(json.dumps(record, default=str) + "\n")

    def v2_runner_on_ok(self, result):
        self._write("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._write("failed", result)

    def v2_runner_on_unreachable(self, result):
        self._write("unreachable", result)

    def v2_runner_on_skipped(self, result):
        self._write("skipped", result)
