// gorama_man_page OUT: writes the man page gorama.1 from the command line's table (cli_spec),
// at build time, so the installed page always says what `gorama --help` says.
#include <fstream>
#include <iostream>

#include "cli_spec.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: gorama_man_page OUT\n";
        return 2;
    }
    std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
    gorama::cli::write_man_page(out);
    out.close();
    if (!out) {
        std::cerr << "gorama_man_page: cannot write " << argv[1] << '\n';
        return 1;
    }
    return 0;
}
