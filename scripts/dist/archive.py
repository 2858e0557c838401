"""Packs one staged folder into a reproducible archive (used by scripts/dist.sh).

    archive.py STAGE NAME OUT EPOCH

A Windows folder becomes NAME.zip, any other NAME.tar.gz. Entries are sorted,
every time is EPOCH (the commit's time), owners are 0 with no names, and modes
are 0755 for the binary and folders, 0644 for the rest: the same commit gives
the same bytes on any machine.
"""

import gzip
import io
import os
import sys
import tarfile
import time
import zipfile


def entries(stage, name):
    """(archive path, file path or None for a folder), folders before their files, sorted."""
    top = os.path.join(stage, name)
    found = [(name + "/", None)]
    for folder, dirs, files in os.walk(top):
        dirs.sort()
        rel = os.path.relpath(folder, stage).replace(os.sep, "/")
        for d in dirs:
            found.append((f"{rel}/{d}/", None))
        for f in sorted(files):
            found.append((f"{rel}/{f}", os.path.join(folder, f)))
    return sorted(found)


def executable(path):
    return os.path.basename(path) in ("nianbao", "nianbao.exe")


def write_zip(stage, name, out, epoch):
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip times start in 1980
    with zipfile.ZipFile(os.path.join(out, name + ".zip"), "w") as z:
        for arcname, path in entries(stage, name):
            info = zipfile.ZipInfo(arcname, stamp)
            info.create_system = 3  # Unix, so that the modes below are read
            if path is None:
                info.external_attr = (0o40755 << 16) | 0x10
                z.writestr(info, b"")
                continue
            info.external_attr = (0o100755 if executable(path) else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read(), compresslevel=9)


def write_tar_gz(stage, name, out, epoch):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
        for arcname, path in entries(stage, name):
            info = tarfile.TarInfo(arcname.rstrip("/"))
            info.mtime = epoch
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if path is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                t.addfile(info)
                continue
            info.mode = 0o755 if executable(path) else 0o644
            info.size = os.path.getsize(path)
            with open(path, "rb") as f:
                t.addfile(info, f)
    with open(os.path.join(out, name + ".tar.gz"), "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as g:
            g.write(buf.getvalue())


def main():
    stage, name, out, epoch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    if "windows" in name:
        write_zip(stage, name, out, epoch)
    else:
        write_tar_gz(stage, name, out, epoch)


if __name__ == "__main__":
    main()
