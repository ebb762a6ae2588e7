#!/usr/bin/python3
"""GET /ws against Debian's python3-websockets (a client nobody here wrote), on the real
livedesk binary: resume after a restart with no gap or duplicate, subscribe and unsubscribe
mid-stream, each bad frame's close code, and a client that stops reading dropped at the
cap. Run by ctest (tst_websocketclient) with LIVEDESK_BINARY set; /usr/bin/python3, where
Debian's modules are."""
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
import urllib.request

try:
    import websockets
except ImportError:
    print("python3-websockets is not installed (Debian: apt-get install python3-websockets; "
          "./livedesk.sh test installs it)")
    sys.exit(77)  # ctest: skipped

BINARY = os.environ.get("LIVEDESK_BINARY", "build/default/app/livedesk")
TOKEN = "websocket-suite-token-0123456789"


class App:
    """The real app, headless, on a free port (or the given one), its journal in `data`."""

    def __init__(self, data, port=0):
        self.proc = subprocess.Popen(
            [BINARY, "--headless", "--port", str(port), "--token", TOKEN, "--data-dir", data],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.proc.kill()
            raise RuntimeError(f"livedesk did not start: {line!r}")
        self.port = int(match.group(1))

    def publish(self, channel, n, size=0):
        body = json.dumps({"channel": channel, "type": "t", "data": {"n": n, "pad": "x" * size}})
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/events", data=body.encode(), method="POST",
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as answer:
            return json.loads(answer.read())["id"]

    def metric(self, name):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics") as answer:
            for line in answer.read().decode().splitlines():
                if line.startswith(name + " "):
                    return float(line.split()[1])
        return None

    def url(self, query=""):
        return f"ws://127.0.0.1:{self.port}/ws{query}"

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=15)
        self.proc.stdout.close()


async def numbers(ws, count, timeout=5):
    """The next `count` events' numbers (frames that are not events are skipped)."""
    got = []
    while len(got) < count:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if "id" in frame and frame.get("type") == "t":
            got.append(frame["data"]["n"])
    return got


async def acknowledged(ws, timeout=5):
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if "channels" in frame:
            return frame["channels"]


class WebSocketTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.app = App(self.dir.name)

    def tearDown(self):
        self.app.stop()
        self.dir.cleanup()

    def test_event_frames_and_resume_after_a_restart(self):
        async def run():
            async with websockets.connect(self.app.url()) as ws:
                self.app.publish("news", 1)
                frame = json.loads(await asyncio.wait_for(ws.recv(), 5))
                self.assertRegex(frame.pop("time"), r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
                self.assertEqual(frame, {"id": "1", "channel": "news", "type": "t",
                                         "data": {"n": 1, "pad": ""}})
                self.app.publish("news", 2)
                self.assertEqual(await numbers(ws, 1), [2])
            port = self.app.port
            self.app.stop()
            self.app = App(self.dir.name, port)
            self.app.publish("news", 3)
            self.app.publish("news", 4)
            async with websockets.connect(self.app.url("?lastEventId=2")) as ws:
                self.assertEqual(await numbers(ws, 2), [3, 4])
                self.app.publish("news", 5)
                self.assertEqual(await numbers(ws, 1), [5])
                with self.assertRaises(asyncio.TimeoutError):  # nothing twice
                    await numbers(ws, 1, timeout=0.5)
        asyncio.run(run())

    def test_subscribe_and_unsubscribe_mid_stream(self):
        async def run():
            async with websockets.connect(self.app.url("?channel=a")) as ws:
                self.app.publish("a", 1)
                self.app.publish("b", 2)
                self.assertEqual(await numbers(ws, 1), [1])
                await ws.send(json.dumps({"subscribe": ["b"]}))
                self.assertEqual(await acknowledged(ws), ["a", "b"])
                self.app.publish("b", 3)
                self.app.publish("a", 4)
                self.assertEqual(await numbers(ws, 2), [3, 4])
                await ws.send(json.dumps({"unsubscribe": ["a"]}))
                self.assertEqual(await acknowledged(ws), ["b"])
                self.app.publish("a", 5)
                self.app.publish("b", 6)
                self.assertEqual(await numbers(ws, 1), [6])
        asyncio.run(run())

    def test_each_bad_frame_gets_an_error_and_a_close_code(self):
        cases = [
            ("unknown command", json.dumps({"publish": ["a"]}), 1008, "unknown command"),
            ("invalid channel", json.dumps({"subscribe": ["no spaces here"]}), 1008,
             "invalid channel name"),
            ("binary", b"\x00\x01", 1003, "binary"),
            ("over 4 KiB", "x" * 5000, 1008, "4096 bytes"),
        ]
        async def run(message):
            async with websockets.connect(self.app.url(), max_size=None) as ws:
                await ws.send(message)
                error = json.loads(await asyncio.wait_for(ws.recv(), 5))
                with self.assertRaises(websockets.ConnectionClosed) as closed:
                    await asyncio.wait_for(ws.recv(), 5)
                return error, closed.exception.rcvd.code
        for name, message, code, words in cases:
            with self.subTest(name):
                error, got = asyncio.run(run(message))
                self.assertIn(words, error["error"])
                self.assertEqual(got, code)

    def test_a_client_that_stops_reading_is_dropped_at_the_cap(self):
        async def run():
            # A tiny receive buffer and no reads: the server's queue passes its 1 MiB cap.
            ws = await websockets.connect(self.app.url(), max_queue=1, read_limit=1024,
                                          write_limit=1024)
            ws.transport.pause_reading()
            before = self.app.metric("livedesk_slow_clients_dropped_total") or 0
            for n in range(400):
                self.app.publish("news", n, size=16000)
                if (self.app.metric("livedesk_slow_clients_dropped_total") or 0) > before:
                    break
            self.assertGreater(self.app.metric("livedesk_slow_clients_dropped_total"), before)
            ws.transport.abort()
        asyncio.run(run())


if __name__ == "__main__":
    unittest.main(verbosity=2)
