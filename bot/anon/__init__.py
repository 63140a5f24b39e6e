"""Anonymous sharing: pseudonyms, keys, text rules, rate limits and retention, with no Discord."""
