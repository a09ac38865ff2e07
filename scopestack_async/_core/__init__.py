"""Pure building blocks: no aiohttp, no asyncio, no I/O."""
