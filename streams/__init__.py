"""modstream: streaming comment moderation."""
