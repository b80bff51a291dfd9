"""Random ids from a buffer (wagate/ids.py): hex of the asked length, one read of the
random source per few hundred ids, and never the same bytes in two threads or in a
forked child and its parent."""

from __future__ import annotations

import os
import threading

import pytest

from wagate import ids
from wagate.bus import Command, Status


def test_ids_are_hex_of_their_length_and_many_come_from_one_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[int] = []
    real = os.urandom

    def counted(n: int) -> bytes:
        reads.append(n)
        return real(n)

    monkeypatch.setattr(ids, "_buffer", ids._Buffer())
    monkeypatch.setattr(os, "urandom", counted)
    made = [ids.random_hex(16) for _ in range(1000)]
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in made)
    assert len(set(made)) == 1000
    assert len(reads) <= 4  # 16 kB for 1000 ids of 16 bytes
    assert len(ids.random_hex(5000)) == 10000  # more than a buffer holds at once
    assert len({Command.of("co", Status()).id for _ in range(300)}) == 300


def test_threads_and_a_forked_child_never_hand_out_the_same_ids() -> None:
    ids.random_hex(4)  # this thread's buffer is filled: a child would inherit it
    got: list[str] = []
    threads = [threading.Thread(target=lambda: got.append(ids.random_hex(16))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(got)) == 8
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: its next id, to the parent
        os.write(write, ids.random_hex(16).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    with os.fdopen(read) as pipe:
        childs = pipe.read()
    assert len(childs) == 32 and childs != ids.random_hex(16)
