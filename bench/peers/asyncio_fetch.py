"""The benchmark's peer (npm run bench): one signed GET /tasks/{id} per ID, Python 3 stdlib only.

asyncio streams, HTTP/1.1 keep-alive on --connections connections opened before the first request,
starts paced on a fixed timeline (start k at t0 + k/R). Prints one JSON line: ok, failed, throttled.
Keys come from NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY; signature v2 as in src/client/sign.ts.
"""
import argparse, asyncio, base64, hashlib, hmac, json, os, time
from urllib.parse import quote, urlsplit


def sign(uri, access, secret):
    stamp = str(int(time.time() * 1000))
    message = f"GET {uri}\n{stamp}\n{access}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return stamp, base64.b64encode(digest).decode()


async def get(conn, host, uri, access, secret):
    reader, writer = conn
    stamp, signature = sign(uri, access, secret)
    writer.write((f"GET {uri} HTTP/1.1\r\nHost: {host}\r\naccept: application/json\r\n"
                  f"x-ncp-apigw-timestamp: {stamp}\r\nx-ncp-iam-access-key: {access}\r\n"
                  f"x-ncp-apigw-signature-v2: {signature}\r\n\r\n").encode())
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def main():
    parser = argparse.ArgumentParser()
    for flag in ("--endpoint", "--ids", "--rps", "--connections"):
        parser.add_argument(flag, required=True)
    args = parser.parse_args()
    url = urlsplit(args.endpoint)
    access, secret = os.environ["NCLOUD_ACCESS_KEY"], os.environ["NCLOUD_SECRET_KEY"]
    ids = [line.strip() for line in open(args.ids) if line.strip()]
    pool = asyncio.Queue()
    for _ in range(int(args.connections)):
        pool.put_nowait(await asyncio.open_connection(url.hostname, url.port or 80))
    counts = {"ok": 0, "failed": 0, "throttled": 0}

    async def fetch(task_id):
        conn = await pool.get()
        status = await get(conn, url.netloc, f"{url.path.rstrip('/')}/tasks/{quote(task_id)}", access, secret)
        pool.put_nowait(conn)
        counts["ok" if status == 200 else "throttled" if status == 429 else "failed"] += 1

    loop, interval, running = asyncio.get_running_loop(), 1 / float(args.rps), []
    t0 = loop.time()
    for k, task_id in enumerate(ids):
        await asyncio.sleep(max(0.0, t0 + k * interval - loop.time()))
        running.append(asyncio.create_task(fetch(task_id)))
    await asyncio.gather(*running)
    print(json.dumps(counts))


asyncio.run(main())
