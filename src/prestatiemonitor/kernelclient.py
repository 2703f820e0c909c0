"""The kernel client of a run's kernels (prestatiemonitor.kernels sets it as their client class)."""

from __future__ import annotations

import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient


class SnelleClient(AsyncKernelClient):
    """AsyncKernelClient whose wait_for_ready does not end with a fixed wait.

    jupyter_client's version (8.x) ends by waiting until IOPub has been quiet for 0,2 s; a run pays
    that twice per notebook (our client, then papermill's), on the critical path. This one keeps the
    rest: kernel_info until it answers, a message on IOPub to know it is connected, then it drains
    what has already arrived."""

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        einde = time.monotonic() + (timeout if timeout is not None else 60)
        while True:
            self.kernel_info()
            try:
                antwoord = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                antwoord = None
            if antwoord is not None and antwoord["msg_type"] == "kernel_info_reply":
                try:  # IOPub connected? The kernel's status messages must come through
                    await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(antwoord)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > einde:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
        while True:  # drain what is already there, without waiting for more
            try:
                await self.iopub_channel.get_msg(timeout=0.01)
            except Empty:
                break

    wait_for_ready = _async_wait_for_ready
