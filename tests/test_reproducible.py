"""Two publish builds (publishconf.py, as `invoke publish` makes them) of the same content are byte-identical,
Pagefind's index included, their links hold, and a second publish of them changes nothing in the bucket (moto's
S3 server on 127.0.0.1), its manifest included."""

import shutil

from ruhr.gates import linkcheck
from ruhr.publish import sync

from conftest import ROOT, Project
from s3server import aws_env, bucket, s3_server  # noqa: F401
from test_publish import MANIFEST, Recorder, local_files


def test_two_publish_builds_are_byte_identical_and_the_second_publish_changes_nothing(tmp_path, bucket):
    first, second = Project(tmp_path / "first"), Project(tmp_path / "second")  # separate folders and caches
    for project in (first, second):
        code, printed = project.build("publishconf.py")
        assert code == 0, printed
    assert linkcheck.check(str(first.output), sync.read_settings(str(ROOT / "publishconf.py"))["SITEURL"]) == []
    a, b = local_files(first.output), local_files(second.output)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert any(name.startswith("pagefind/de/filter/") for name in a)

    Recorder().run(first.output, bucket)
    rec = Recorder()
    plan, lines = rec.run(second.output, bucket)
    assert plan.uploads == [] and plan.deletions == [] and not plan.manifest_changed
    assert rec.ops("PutObject") == [] and rec.ops("DeleteObjects") == [], rec.calls
    assert MANIFEST not in rec.ops("PutObject")
    assert "0 uploaded, 0 deleted" in lines[-1]
    shutil.rmtree(tmp_path, ignore_errors=True)
