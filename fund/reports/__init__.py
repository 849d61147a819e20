"""The fund's statutory reports (第四十二条, 第四十四条) as records on the engine."""
