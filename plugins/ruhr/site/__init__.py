"""What the build makes: the generator and every page, map, photo, card, feed, index and file it writes."""
