module gorama/bench

go 1.19
