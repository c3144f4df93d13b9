print("glassbox")
