"""Study assets, kept in memory: `Study.assets` maps relative paths to files in the blob store, `Study.asset_dirs`
holds every directory below the assets root (so empty ones survive). Nothing is ever written outside the blob store.

Path rules: IOUtils.getFileInStudyAssetsDir (not blank), then domain/safe_paths (getFileSecurely).
"""

import re
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO

from jatos_mock.core.state.blobs import CHUNK, BlobStore
from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import safe_paths
from jatos_mock.jatos.models import AssetFile, Study

DIR_SIZE = 4096  # what a directory reports on ext4 (DirectoryStructureToJson uses Files.size)
_JAVA_TRIMMED = "".join(map(chr, range(0x21)))


def java_url_decode(text: str) -> str:
    """java.net.URLDecoder.decode (Helpers.urlDecode): '+' is a space; a broken %-escape raises ValueError."""
    out, pending, i = [], bytearray(), 0
    while i < len(text):
        ch = text[i]
        if ch == "%":
            hex_digits = text[i + 1:i + 3]
            if len(hex_digits) < 2 or not re.fullmatch(r"[0-9A-Fa-f]{2}", hex_digits):
                raise ValueError("URLDecoder: Illegal hex characters in escape (%) pattern")
            pending.append(int(hex_digits, 16))
            i += 3
            continue
        if pending:
            out.append(pending.decode("utf-8", errors="replace"))
            pending = bytearray()
        out.append(" " if ch == "+" else ch)
        i += 1
    if pending:
        out.append(pending.decode("utf-8", errors="replace"))
    return "".join(out)


def java_trim(text: str) -> str:
    """String.trim: drops every char <= U+0020 at both ends (not Unicode spaces, as str.strip would)."""
    return text.strip(_JAVA_TRIMMED)


def refusal(path: str | None) -> str | None:
    """The IOException message IOUtils.getFileInStudyAssetsDir throws for `path`, or None if it takes the path."""
    if path is None or java_trim(path) == "":
        return "File missing"  # MessagesStrings.FILE_MISSING
    return safe_paths.refusal(path)


# What the file system under JATOS's assets root takes (Linux: NAME_MAX 255 bytes, PATH_MAX 4096 with the NUL). The
# mock counts the study's directory and the path below it; JATOS's own root makes its real limit a little lower.
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 4095


def too_long(dir_name: str, path: str) -> bool:
    """True if the file system would refuse `path` (normalised) in the assets directory `dir_name` (ENAMETOOLONG)."""
    if len(path) + len(dir_name) >= MAX_PATH_BYTES // 4 and \
            len(f"{dir_name}/{path}".encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        return True
    return any(len(segment) > MAX_NAME_BYTES // 4 and len(segment.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES
               for segment in path.split("/"))


def normalize(path: str | None) -> str | None:
    """The path relative to the assets root ('/' separators, no '.' or '..'; "" is the root itself), or None when
    JATOS refuses it."""
    return None if refusal(path) is not None else safe_paths.resolve(path)


def parents(path: str) -> list[str]:
    segments = path.split("/")[:-1]
    return ["/".join(segments[:i]) for i in range(1, len(segments) + 1)]


def is_dir(study: Study, path: str) -> bool:
    return path == "" or path in study.asset_dirs


def is_file(study: Study, path: str) -> bool:
    return path in study.assets


def put_file(study: Study, blobs: BlobStore, path: str, data: bytes | BinaryIO, now_ms: int) -> bool:
    """Stores a file, given as bytes or as a binary stream read in chunks (creating missing directories); True if
    it is new, False if it replaced a file.

    A directory in its place, or a file where a parent directory should be, is refused as JATOS does
    (Api.uploadStudyAssetsFile: FILE_ALREADY_EXISTS). Checks run before anything changes.
    """
    if is_dir(study, path) or any(p in study.assets for p in parents(path)):
        raise errors.FileAlreadyExists("File already exists but is of a different type")
    existing = study.assets.get(path)
    if isinstance(data, bytes):
        key, size, checksum = blobs.put(data), len(data), zlib.adler32(data)
    else:
        reader = _Adler32(data)
        key, size = blobs.put_stream(reader)
        checksum = reader.value
    study.assets[path] = AssetFile(blob=key, size=size, created=existing.created if existing else now_ms,
                                   modified=now_ms, checksum=checksum & 0xFFFFFFFF)
    study.asset_dirs.update(parents(path))
    return existing is None


class _Adler32:
    """A stream reader that keeps the Adler-32 of what was read (the asset's checksum, as JATOS computes it)."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.value = zlib.adler32(b"")

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.value = zlib.adler32(chunk, self.value)
        return chunk


def delete_file(study: Study, path: str) -> None:
    """Removes one file; its directory stays (Api.deleteStudyAssetsFile deletes single files only)."""
    study.assets.pop(path)


def replace_all(study: Study, files: dict[str, AssetFile], dirs: set[str]) -> None:
    study.assets = dict(files)
    study.asset_dirs = set(dirs)


def store_files(blobs: BlobStore, contents: dict[str, BinaryIO], now_ms: int
                ) -> tuple[dict[str, AssetFile], set[str]]:
    """Turns path -> file (read in chunks) into asset files (and the directories they need)."""
    files, dirs = {}, set()
    for path, stream in contents.items():
        checksum = 1  # Adler-32's start value
        while chunk := stream.read(CHUNK):
            checksum = zlib.adler32(chunk, checksum)
        stream.seek(0)
        key, size = blobs.put_stream(stream)
        files[path] = AssetFile(blob=key, size=size, created=now_ms, modified=now_ms, checksum=checksum & 0xFFFFFFFF)
        dirs.update(parents(path))
    return files, dirs


@dataclass
class AssetNode:
    """One entry of DirectoryStructureToJson: a file or a directory with its children (sorted by name)."""

    name: str
    path: str
    type: str
    creation: int
    last_modified: int
    size: int
    checksum: int | None = None
    content: list["AssetNode"] = field(default_factory=list)


def tree(study: Study) -> AssetNode:
    """The assets directory as a tree; directory times span their content (the root's from its creation)."""
    nodes: dict[str, AssetNode] = {"": AssetNode(study.dir_name, "", "directory", study.assets_created,
                                                 study.assets_created, DIR_SIZE)}
    for d in sorted(study.asset_dirs):
        nodes[d] = AssetNode(d.rsplit("/", 1)[-1], d, "directory", study.assets_created, study.assets_created,
                             DIR_SIZE)
    for path, f in study.assets.items():
        nodes[path] = AssetNode(path.rsplit("/", 1)[-1], path, "file", f.created, f.modified, f.size, f.checksum)
    for path in sorted(nodes):
        if path == "":
            continue
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        node = nodes[path]
        nodes[parent].content.append(node)
    for node in nodes.values():
        node.content.sort(key=lambda n: n.name)
    return nodes[""]


def leaves(node: AssetNode) -> list[AssetNode]:
    """DirectoryStructureToJson.flatten: every file and every empty directory (the root itself if empty)."""
    found: list[AssetNode] = []
    pending = [node]
    while pending:  # depth first, children in order, without recursion (a deep tree costs no stack)
        current = pending.pop()
        if current.type != "directory" or not current.content:
            found.append(current)
        else:
            pending.extend(reversed(current.content))
    return found


def total_size(study: Study) -> int:
    return sum(f.size for f in study.assets.values())
