# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The controls of TS-0014-2, one record per clause (record.control()), in one module
per clause family: hardware (5.1), system (5.2), communication (5.3), identity (5.4),
privacy (5.5). catalog.py lists them; nothing else in the code spells a clause id.

Adding a control evaluated from a setting the collection already reads is one record
in its family's module (and its tests); the role, the docs and the README follow, and
tests/unit/test_catalog_consistency.py fails until they do. See docs/design.md,
"Adding a control".
"""
