-- An error object that is a table without __tostring.
print("start")
error({code = 1})
