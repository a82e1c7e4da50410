print("lstm: not built yet")
