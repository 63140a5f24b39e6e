"""Where Lantern finds its content and the optional Discord API description."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
# Discord's published OpenAPI description sits beside the checkout, never inside it.
DISCORD_OPENAPI_SPEC = PROJECT_ROOT.parent / "shared" / "discord-api-spec" / "openapi.json"
