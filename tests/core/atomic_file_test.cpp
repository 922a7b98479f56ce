// goro::OutputSet: outputs are all or nothing, what is at a path decides how it is written, and a
// target keeps its mode. Devices are made with mknod in a temporary folder (never a real /dev
// path: the tests run as root); a test that cannot make one (no CAP_MKNOD) is skipped.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>

#include "goro/atomic_file.hpp"

namespace fs = std::filesystem;

namespace {

class OutputSetTest : public ::testing::Test {
  protected:
    OutputSetTest() {
        m_dir = fs::temp_directory_path() /
                ("goro-output-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    ~OutputSetTest() override { fs::remove_all(m_dir); }

    std::string path(const std::string& name) const { return (m_dir / name).string(); }
    static std::string read(const std::string& p) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
    static void write(const std::string& p, const std::string& text) {
        std::ofstream(p, std::ios::binary) << text;
    }
    // Temporaries left in the folder (".gorama-XXXXXX").
    std::size_t temps() const {
        std::size_t n = 0;
        for (const auto& e : fs::directory_iterator(m_dir))
            n += e.path().filename().string().starts_with(".gorama-");
        return n;
    }
    // A character device like /dev/null (1,3) or /dev/full (1,7), inside the folder.
    bool make_device(const std::string& name, unsigned minor) const {
        return ::mknod(path(name).c_str(), S_IFCHR | 0666, makedev(1, minor)) == 0;
    }

    fs::path m_dir;
};

TEST_F(OutputSetTest, OutputsAreReplacedTogetherOnlyOnceAllAreWritten) {
    write(path("a.txt"), "old a");
    write(path("b.txt"), "old b");
    goro::OutputSet set;
    std::string error;
    std::ostream* a = set.add(path("a.txt"), "--a", error);
    std::ostream* b = set.add(path("b.txt"), "--b", error);
    ASSERT_TRUE(a && b) << error;
    *a << "new a";
    EXPECT_EQ(read(path("a.txt")), "old a");  // nothing is replaced before commit
    *b << "new b";
    EXPECT_EQ(temps(), 2U);
    ASSERT_TRUE(set.commit(error)) << error;
    EXPECT_EQ(read(path("a.txt")), "new a");
    EXPECT_EQ(read(path("b.txt")), "new b");
    EXPECT_EQ(temps(), 0U);
}

TEST_F(OutputSetTest, OneFailedOutputReplacesNoneAndLeavesNoTemporary) {
    if (!make_device("full", 7)) GTEST_SKIP() << "cannot mknod here";
    write(path("a.txt"), "old a");
    goro::OutputSet set;
    std::string error;
    std::ostream* a = set.add(path("a.txt"), "--trace", error);
    std::ostream* full = set.add(path("full"), "--events", error);
    std::ostream* c = set.add(path("c.txt"), "--csv", error);
    ASSERT_TRUE(a && full && c) << error;
    *a << "new a";
    *full << "anything";
    *c << "new c";
    EXPECT_FALSE(set.commit(error));
    EXPECT_EQ(error, "--events: cannot write " + path("full") + ": No space left on device");
    EXPECT_EQ(read(path("a.txt")), "old a");
    EXPECT_FALSE(fs::exists(path("c.txt")));
    EXPECT_EQ(temps(), 0U);
}

TEST_F(OutputSetTest, ABadPathIsRefusedWhenAddedAndDiscardRemovesTheOthersTemporaries) {
    goro::OutputSet set;
    std::string error;
    ASSERT_TRUE(set.add(path("a.txt"), "--trace", error));
    EXPECT_FALSE(set.add(path("no/such/dir/e.jsonl"), "--events", error));
    EXPECT_EQ(error, "--events: cannot write " + path("no/such/dir/e.jsonl") +
                         ": No such file or directory");
    EXPECT_FALSE(set.add("", "--csv", error));
    EXPECT_EQ(error, "--csv takes a file name (or - for standard output), not an empty one");
    EXPECT_EQ(temps(), 1U);
    set.discard();
    EXPECT_EQ(temps(), 0U);
    EXPECT_FALSE(fs::exists(path("a.txt")));
}

TEST_F(OutputSetTest, ASymlinkIsFollowedAndStaysALink) {
    write(path("real.json"), "old");
    fs::create_symlink("real.json", path("link.json"));
    fs::create_symlink("missing.json", path("dangling.json"));
    std::string error;
    ASSERT_TRUE(goro::write_file_atomically(
        path("link.json"), [](std::ostream& out) { out << "new"; }, error))
        << error;
    ASSERT_TRUE(goro::write_file_atomically(
        path("dangling.json"), [](std::ostream& out) { out << "made"; }, error))
        << error;
    EXPECT_TRUE(fs::is_symlink(path("link.json")));
    EXPECT_EQ(read(path("real.json")), "new");
    EXPECT_TRUE(fs::is_symlink(path("dangling.json")));
    EXPECT_EQ(read(path("missing.json")), "made");
}

TEST_F(OutputSetTest, AFolderASymlinkToOneAndASocketAreRefusedAndKept) {
    fs::create_directories(path("dir"));
    write(path("dir/keep.txt"), "precious");
    fs::create_symlink("dir", path("dlink"));
    const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const std::string sock_path = path("sock");
    ASSERT_LT(sock_path.size(), sizeof addr.sun_path);
    sock_path.copy(addr.sun_path, sock_path.size());
    ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    std::string error;
    auto write_nothing = [](std::ostream& out) { out << "x"; };
    EXPECT_FALSE(goro::write_file_atomically(path("dir"), write_nothing, error, "--csv"));
    EXPECT_EQ(error, "--csv: cannot write " + path("dir") + ": it is a folder; give a file name");
    EXPECT_FALSE(goro::write_file_atomically(path("dlink"), write_nothing, error, "--csv"));
    EXPECT_EQ(error, "--csv: cannot write " + path("dlink") + ": it is a folder; give a file name");
    EXPECT_FALSE(goro::write_file_atomically(sock_path, write_nothing, error, "--trace"));
    EXPECT_EQ(error, "--trace: cannot write " + sock_path + ": it is a socket");
    ::close(sock);
    EXPECT_TRUE(fs::is_symlink(path("dlink")));
    EXPECT_EQ(read(path("dir/keep.txt")), "precious");
    EXPECT_TRUE(fs::is_socket(sock_path));
    EXPECT_EQ(temps(), 0U);
}

TEST_F(OutputSetTest, ACharacterDeviceIsWrittenToAndStaysADevice) {
    if (!make_device("mynull", 3)) GTEST_SKIP() << "cannot mknod here";
    std::string error;
    ASSERT_TRUE(goro::write_file_atomically(
        path("mynull"), [](std::ostream& out) { out << "into the void"; }, error))
        << error;
    EXPECT_TRUE(fs::is_character_file(path("mynull")));
    EXPECT_EQ(temps(), 0U);
}

TEST_F(OutputSetTest, ANamedPipeIsStreamedToAndStaysAPipe) {
    ASSERT_EQ(::mkfifo(path("pipe").c_str(), 0600), 0);
    std::string received;
    std::thread reader([&] { received = read(path("pipe")); });
    std::string error;
    const bool ok = goro::write_file_atomically(
        path("pipe"), [](std::ostream& out) { out << "through the pipe"; }, error);
    reader.join();
    EXPECT_TRUE(ok) << error;
    EXPECT_EQ(received, "through the pipe");
    EXPECT_TRUE(fs::is_fifo(path("pipe")));
}

TEST_F(OutputSetTest, AReplacedFileKeepsItsModeAndANewOneFollowsTheUmask) {
    write(path("secret.json"), "old");
    fs::permissions(path("secret.json"), fs::perms::owner_read | fs::perms::owner_write);
    std::string error;
    auto write_new = [](std::ostream& out) { out << "new"; };
    ASSERT_TRUE(goro::write_file_atomically(path("secret.json"), write_new, error)) << error;
    struct stat st {};
    ASSERT_EQ(::stat(path("secret.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600U);

    const mode_t old_mask = ::umask(027);
    const bool made = goro::write_file_atomically(path("fresh.json"), write_new, error);
    ::umask(old_mask);
    ASSERT_TRUE(made) << error;
    ASSERT_EQ(::stat(path("fresh.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640U);
}

TEST_F(OutputSetTest, APlantedTemporaryIsNeitherFollowedNorTouched) {
    // The old temporary name was PATH.tmp.PID: a link planted there redirected the output.
    write(path("victim.txt"), "untouched");
    fs::create_symlink("victim.txt", path("out.json.tmp." + std::to_string(::getpid())));
    std::string error;
    ASSERT_TRUE(goro::write_file_atomically(
        path("out.json"), [](std::ostream& out) { out << "trace"; }, error))
        << error;
    EXPECT_EQ(read(path("victim.txt")), "untouched");
    EXPECT_FALSE(fs::is_symlink(path("out.json")));
    EXPECT_EQ(read(path("out.json")), "trace");
}

TEST_F(OutputSetTest, ANameAsLongAsTheFilesystemAllowsWorks) {
    const long max = ::pathconf(m_dir.c_str(), _PC_NAME_MAX);
    ASSERT_GT(max, 16);
    const std::string name(static_cast<std::size_t>(max) - 5, 'n');
    std::string error;
    ASSERT_TRUE(goro::write_file_atomically(
        path(name + ".json"), [](std::ostream& out) { out << "long"; }, error))
        << error;
    EXPECT_EQ(read(path(name + ".json")), "long");
}

TEST_F(OutputSetTest, TheSameFileTwiceIsRefused) {
    write(path("a.json"), "old");
    fs::create_symlink("a.json", path("b.json"));
    goro::OutputSet set;
    std::string error;
    ASSERT_TRUE(set.add(path("a.json"), "--trace", error));
    EXPECT_FALSE(set.add(path("b.json"), "--csv", error));
    EXPECT_EQ(error,
              "--csv: cannot write " + path("b.json") + ": it is also the output of --trace");
    EXPECT_FALSE(set.add(m_dir.string() + "/./a.json", "--events", error));
    set.discard();
    EXPECT_EQ(read(path("a.json")), "old");
    EXPECT_EQ(temps(), 0U);
}

}  // namespace
