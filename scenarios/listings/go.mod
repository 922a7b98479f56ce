module gorama/listings

go 1.19
