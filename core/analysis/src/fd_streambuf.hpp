// A std::streambuf that writes to a file descriptor with write(2) and keeps the errno of the
// first failure, so a message can give the real reason ("No space left on device") where an
// ofstream only says that something failed. It does not own the descriptor.
#pragma once

#include <streambuf>
#include <vector>

namespace goro {

class FdStreamBuf : public std::streambuf {
  public:
    explicit FdStreamBuf(int fd);
    // The errno of the first write that failed, or 0. After a failure nothing more is written.
    int error() const { return m_errno; }

  protected:
    int_type overflow(int_type c) override;
    int sync() override;

  private:
    bool drain();  // writes the buffer out; false on failure
    int m_fd;
    int m_errno = 0;
    std::vector<char> m_buffer;
};

}  // namespace goro
